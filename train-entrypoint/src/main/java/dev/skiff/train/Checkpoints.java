package dev.skiff.train;

import dev.skiff.spi.TrainingContext.CheckpointWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint folder. A checkpoint is written to a hidden temporary file, forced to disk and atomically renamed,
 * so a reader (the next run, SageMaker's S3 sync) sees the previous checkpoint or the new one, never half of one.
 */
final class Checkpoints {
    private static final String TEMP_PREFIX = ".skiff-tmp-";

    private final Path dir;
    private final boolean resuming;

    private Checkpoints(Path dir, boolean resuming) {
        this.dir = dir;
        this.resuming = resuming;
    }

    /** Creates the folder if needed, removes temporary files a killed run left, and notes whether to resume. */
    static Checkpoints open(Path dir) throws IOException {
        Files.createDirectories(dir);
        boolean found = false;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(entry);
                } else if (!name.startsWith(".")) {
                    found = true;
                }
            }
        }
        return new Checkpoints(dir, found);
    }

    Path dir() {
        return dir;
    }

    boolean resuming() {
        return resuming;
    }

    Optional<Path> find(String name) {
        Path file = dir.resolve(checkName(name));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path save(String name, CheckpointWriter writer) throws IOException {
        Path target = dir.resolve(checkName(name));
        Path temp = dir.resolve(TEMP_PREFIX + name);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            writer.write(new NonClosing(out));
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("checkpoint name '" + name
                    + "' must be a plain file name that does not start with '.'");
        }
        return name;
    }

    /** The writer may close its stream; the file is still forced to disk before the rename. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
