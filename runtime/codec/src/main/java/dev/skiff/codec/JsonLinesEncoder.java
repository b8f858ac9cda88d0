package dev.skiff.codec;

import dev.skiff.spi.Predictions;

/**
 * {@code application/jsonlines}: one JSON value per input row, each on its own line ended by LF; the values are
 * those of {@link JsonEncoder}'s array.
 */
final class JsonLinesEncoder implements ResponseEncoder {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public String contentType() {
        return "application/jsonlines";
    }

    @Override
    public byte[] begin() {
        return EMPTY;
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        ByteSink out = new ByteSink(predictions.size() * 12);
        for (int i = 0; i < predictions.size(); i++) {
            JsonWriter.row(out, predictions, i);
            out.write((byte) '\n');
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return EMPTY;
    }
}
