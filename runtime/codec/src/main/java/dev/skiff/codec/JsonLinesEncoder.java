package dev.skiff.codec;

import dev.skiff.spi.Predictions;

/**
 * {@code application/jsonlines}: one JSON value per input row, each on its own line ended by LF; the values are
 * those of {@link JsonEncoder}'s array. Under batch transform, {@code application/json} answers take this shape too
 * (with their own content type), since SageMaker splits and joins the answer by line.
 */
final class JsonLinesEncoder implements ResponseEncoder {
    private static final byte[] EMPTY = new byte[0];
    private final String contentType;

    /** @param contentType the answer's type: {@code application/jsonlines}, or {@code application/json} in batch */
    JsonLinesEncoder(String contentType) {
        this.contentType = contentType;
    }

    @Override
    public String contentType() {
        return contentType;
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
