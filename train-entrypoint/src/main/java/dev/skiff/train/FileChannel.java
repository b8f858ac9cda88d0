package dev.skiff.train;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Channel;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A File-mode channel: every file under {@code input/data/<channel>/}, listed once, in relative-path order. The first
 * read of a file also hashes it (and counts its lines) for the manifest, in the same pass; the summary goes to the
 * ledger, when there is one.
 */
final class FileChannel implements Channel {
    private final ChannelSpec spec;
    private final Path dir;
    private final List<Path> files;
    private final ChannelRecords records;
    private final Map<String, InputSummary> ledger;

    private FileChannel(ChannelSpec spec, Path dir, List<Path> files, ChannelRecords records,
                        Map<String, InputSummary> ledger) {
        this.spec = spec;
        this.dir = dir;
        this.files = List.copyOf(files);
        this.records = records;
        this.ledger = ledger;
    }

    /** Lists the channel's files, keeping no summaries. */
    static FileChannel open(ChannelSpec spec, MlLayout layout, ChannelRecords records) throws IOException {
        return open(spec, layout, records, null, false);
    }

    /**
     * Lists the channel's files; a missing folder or one without data is a {@link TrainingException}, unless
     * {@code mayBeEmpty} (a multi-host job, where a host's shard of the data may be empty): then it has no files.
     *
     * @param ledger where the summary of each file read goes, by source name; {@code null} for none
     */
    static FileChannel open(ChannelSpec spec, MlLayout layout, ChannelRecords records,
                            Map<String, InputSummary> ledger, boolean mayBeEmpty) throws IOException {
        Path dir = layout.dataDir().resolve(spec.name());
        if (mayBeEmpty && (!Files.isDirectory(dir) || totalSize(list(dir)) == 0)) {
            return new FileChannel(spec, dir, List.of(), records, ledger);
        }
        if (!Files.isDirectory(dir)) {
            throw new TrainingException("channel '" + spec.name() + "' is missing: " + layout.describe(dir)
                    + " does not exist; check the channel's S3 location in the job's InputDataConfig");
        }
        List<Path> files = list(dir);
        if (files.isEmpty()) {
            throw new TrainingException("channel '" + spec.name() + "' is empty: " + layout.describe(dir)
                    + " holds no files; check the channel's S3 prefix");
        }
        if (totalSize(files) == 0) {
            throw new TrainingException("channel '" + spec.name() + "' is empty: its " + files.size()
                    + " file(s) hold no data");
        }
        return new FileChannel(spec, dir, files, records, ledger);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !hidden(dir.relativize(file)))
                    .sorted(Comparator.comparing(file -> relative(dir, file)))
                    .toList();
        }
    }

    /** Any part of the path starting with '.' ({@code .DS_Store}, {@code .cache/x.csv}) hides the file. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static long totalSize(List<Path> files) {
        return files.stream().mapToLong(file -> {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** {@code train/part-0001.csv}: how messages and the manifest name a file. */
    String sourceName(Path file) {
        return spec.name() + "/" + relative(dir, file);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Optional<String> contentType() {
        return spec.contentType();
    }

    @Override
    public Mode mode() {
        return Mode.FILE;
    }

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public void read(int epoch, SourceReader reader) throws IOException {
        read(Sources.lineBased(contentType()), reader);
    }

    @Override
    public long readRecords(int epoch, InputSchema schema, int batchRows, Consumer<Batch> sink) throws IOException {
        long[] rows = {0};
        // the decoder counts rows itself, so lines are not counted on the way
        read(false, (source, in) -> rows[0] += records.read(source, contentType(), in, schema, batchRows, sink));
        return rows[0];
    }

    private void read(boolean countLines, SourceReader reader) throws IOException {
        for (Path file : files) {
            String source = sourceName(file);
            try (InputStream raw = Files.newInputStream(file)) {
                if (ledger == null || ledger.containsKey(source)) {
                    reader.read(source, Sources.decompressed(raw));
                } else {
                    ledger.putIfAbsent(source, InputSummary.read(name(), source, raw, countLines, true, reader));
                }
            }
        }
    }
}
