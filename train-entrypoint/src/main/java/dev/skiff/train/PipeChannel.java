package dev.skiff.train;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Channel;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A Pipe-mode channel: SageMaker streams epoch {@code n} through the FIFO {@code input/data/<channel>_<n>}. What
 * the trainer reads of each epoch is hashed and counted on the way through and handed to the manifest. With
 * {@code RecordWrapperType: RecordIO}, a text channel (CSV, libsvm, JSON Lines, or no ContentType) is handed over
 * unwrapped ({@link RecordIoText}); any other stays in its frames, which is RecordIO-protobuf when each wrapped
 * object is one {@code Record}, and lets a trainer of other data split the records itself.
 */
final class PipeChannel implements Channel {
    private static final long POLL_MILLIS = 50;

    private final ChannelSpec spec;
    private final MlLayout layout;
    private final Duration wait;
    private final StopSignal stop;
    private final ChannelRecords records;
    private final Consumer<InputSummary> ledger;

    PipeChannel(ChannelSpec spec, MlLayout layout, Duration wait, StopSignal stop, ChannelRecords records,
                Consumer<InputSummary> ledger) {
        this.spec = spec;
        this.layout = layout;
        this.wait = wait;
        this.stop = stop;
        this.records = records;
        this.ledger = ledger;
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
        return Mode.PIPE;
    }

    @Override
    public List<Path> files() {
        throw new TrainingException("channel '" + name() + "' is in Pipe mode and has no files: read it with"
                + " Channel.read or Channel.readRecords, or set its TrainingInputMode to File");
    }

    @Override
    public void read(int epoch, SourceReader reader) throws IOException {
        String source = name() + "_" + epoch;
        Path fifo = awaitPipe(source);
        UnaryOperator<InputStream> unwrap = spec.recordIoWrapped() && Sources.text(contentType())
                ? in -> new RecordIoText(in, source) : UnaryOperator.identity();
        try (InputStream raw = openFifo(fifo)) {
            InputSummary read = InputSummary.read(name(), source, raw, unwrap, Sources.lineBased(contentType()), false,
                    reader);
            ledger.accept(read.withRows(records.rowsOf(source).orElse(read.rows())));
        }
    }

    @Override
    public long readRecords(int epoch, InputSchema schema, int batchRows, Consumer<Batch> sink) throws IOException {
        long[] rows = {0};
        read(epoch, (source, in) -> rows[0] += records.read(source, contentType(), in, schema, batchRows, sink));
        return rows[0];
    }

    /**
     * A FileInputStream, not Files.newInputStream: the latter's available() asks a FIFO for its position, which
     * fails with "Illegal seek" on JDK 17.
     */
    private static InputStream openFifo(Path fifo) throws IOException {
        return new FileInputStream(fifo.toFile());
    }

    private Path awaitPipe(String source) throws IOException {
        Path fifo = layout.dataDir().resolve(source);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!Files.exists(fifo)) {
            if (stop.requested()) {
                throw new InterruptedIOException("stop requested while waiting for pipe " + source);
            }
            if (System.nanoTime() > deadline) {
                throw new TrainingException("channel '" + name() + "': pipe " + layout.describe(fifo)
                        + " did not appear within " + wait.toSeconds() + " s; each epoch's pipe can be read once,"
                        + " after the previous one was read to its end");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for pipe " + source);
            }
        }
        return fifo;
    }
}
