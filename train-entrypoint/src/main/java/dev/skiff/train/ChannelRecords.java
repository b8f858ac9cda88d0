package dev.skiff.train;

import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.TrainingException;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SEAM: decoding channel bytes into rows through the serving codecs ({@code dev.skiff.codec.Formats}), so training
 * and serving share one CSV / JSON Lines parser. The codec package is being written on its own branch; until it is
 * merged, record reading fails with a reason that says so, and trainers read bytes with {@code Channel.read}.
 *
 * <p>Wiring, once {@code Formats} exists: {@code Formats.decoder(type, schema, batchRows, maxRowBytes, sink)}, feed it
 * the stream in buffers, {@code finish()}, count rows, and turn its {@code SkiffException("row 812: ...")} into
 * {@code TrainingException("train/train.csv line 812: ...")}.
 */
final class ChannelRecords {
    /**
     * Decodes one source; returns its row count.
     *
     * @param source for messages, e.g. {@code train/train.csv}
     */
    long read(String source, Optional<String> contentType, InputStream in, InputSchema schema, int batchRows,
              Consumer<Batch> sink) {
        throw new TrainingException("reading " + source + " as records needs the Skiff codecs, which this build"
                + " lacks: read the channel's bytes with Channel.read instead");
    }
}
