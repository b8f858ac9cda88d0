package dev.skiff.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One input channel of a training job ({@code train}, {@code validation}, ...), as declared in
 * {@code /opt/ml/input/config/inputdataconfig.json}.
 *
 * <p>File mode: the channel is every file under {@code /opt/ml/input/data/<channel>/}, recursively, in a stable
 * order (by relative path, compared as strings); names starting with {@code .} are skipped. Pipe mode: the channel
 * is one FIFO per epoch, {@code /opt/ml/input/data/<channel>_<epoch>}, and each epoch can be read once.
 * Either way gzip-compressed data (recognised by its magic bytes, whatever the file name) is decompressed. A Pipe-mode
 * channel with {@code RecordWrapperType: RecordIO} whose content is text (CSV, libsvm, JSON Lines, or no
 * ContentType) is unwrapped: each RecordIO frame's payload, ended by a newline when it lacks one; other content keeps
 * its frames (for RecordIO-protobuf, that is the format itself).
 *
 * <p>Methods are called from the trainer's threads; reading blocks (a Pipe-mode read waits for SageMaker to open
 * the FIFO). A channel is not meant to be read from two threads at once.
 */
public interface Channel {
    /** How SageMaker delivers the channel ({@code TrainingInputMode}); {@code FastFile} reads as {@link #FILE}. */
    enum Mode { FILE, PIPE }

    /** Reads one source: a file (File mode) or an epoch's FIFO (Pipe mode), already decompressed. */
    @FunctionalInterface
    interface SourceReader {
        /**
         * @param name   the source for messages: {@code train/part-0001.csv} or {@code train_0}
         * @param stream its bytes; closed by Skiff after this returns
         */
        void read(String name, InputStream stream) throws IOException;
    }

    String name();

    /** The declared {@code ContentType} (e.g. {@code text/csv}), as given; empty when the job declares none. */
    Optional<String> contentType();

    Mode mode();

    /**
     * The channel's files in reading order (File mode). Pipe mode has no files: a {@link TrainingException}.
     * Use this when a library reads paths itself; prefer {@link #read} otherwise (it decompresses and is recorded
     * in the model manifest).
     */
    List<Path> files();

    /**
     * Hands each source of one epoch to {@code reader}, in order: every file in File mode (the same for every
     * epoch), or the FIFO {@code <channel>_<epoch>} in Pipe mode (waiting for it to appear).
     *
     * @param epoch 0 for the first pass over the data
     */
    void read(int epoch, SourceReader reader) throws IOException;

    /**
     * Decodes one epoch into rows through the same codecs as serving ({@code text/csv} without a header and with
     * the label in the first column, JSON Lines, ...; a RecordIO-protobuf record's row is its {@code label["values"]}
     * then its features), in batches of at most {@code batchRows} rows. A malformed row fails with a
     * {@link TrainingException} naming the source and line (or record), e.g.
     * {@code train/train.csv line 812: 27 columns, expected 28}.
     *
     * @param schema what each row holds, label included (for CSV: {@code 1 + features} columns)
     * @return the number of rows read
     */
    long readRecords(int epoch, InputSchema schema, int batchRows, Consumer<Batch> sink) throws IOException;
}
