package dev.skiff.codec;

import dev.skiff.spi.Predictions;
import java.nio.charset.StandardCharsets;

/**
 * {@code application/json}: {@code {"predictions":[...]}} with one element per input row: a number for a width-1
 * dense score, an array for a dense vector, a general value as given (see {@link JsonWriter}); NaN is
 * {@code null}.
 */
final class JsonEncoder implements ResponseEncoder {
    private static final byte[] BEGIN = "{\"predictions\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] begin() {
        return BEGIN.clone();
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        ByteSink out = new ByteSink(predictions.size() * 12);
        for (int i = 0; i < predictions.size(); i++) {
            if (i > 0 || !first) {
                out.write((byte) ',');
            }
            JsonWriter.row(out, predictions, i);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return END.clone();
    }
}
