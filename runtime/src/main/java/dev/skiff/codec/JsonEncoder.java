package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.spi.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code application/json} ({@code {"predictions": [...]}}) and {@code application/jsonlines} (one value per line).
 * A single score is a number, a vector an array, named scores an object; general values are written as given.
 * NaN and infinities, which JSON cannot hold, are {@code null}.
 */
final class JsonEncoder implements ResponseEncoder {
    static final String JSON = "application/json";
    static final String JSON_LINES = "application/jsonlines";
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte[] BEGIN = "{\"predictions\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];

    private final boolean lines;

    JsonEncoder(boolean lines) {
        this.lines = lines;
    }

    @Override
    public String contentType() {
        return lines ? JSON_LINES : JSON;
    }

    @Override
    public byte[] begin() {
        return lines ? NOTHING : BEGIN;
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(predictions.size() * 16);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < predictions.size(); i++) {
                if (!lines && !(first && i == 0)) {
                    g.writeRaw(',');
                }
                if (predictions.isDense()) {
                    dense(g, predictions, i);
                } else {
                    value(g, predictions.get(i));
                }
                if (lines) {
                    g.writeRaw('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return lines ? NOTHING : END;
    }

    private static void dense(JsonGenerator g, Predictions p, int row) throws IOException {
        float[] scores = p.scores();
        int width = p.width();
        List<String> names = p.names();
        if (!names.isEmpty()) {
            g.writeStartObject();
            for (int c = 0; c < width; c++) {
                g.writeFieldName(names.get(c));
                number(g, scores[row * width + c]);
            }
            g.writeEndObject();
        } else if (width == 1) {
            number(g, scores[row]);
        } else {
            g.writeStartArray();
            for (int c = 0; c < width; c++) {
                number(g, scores[row * width + c]);
            }
            g.writeEndArray();
        }
    }

    private static void number(JsonGenerator g, float f) throws IOException {
        if (Float.isFinite(f)) {
            g.writeNumber(f);
        } else {
            g.writeNull();
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Float f) {
            number(g, f);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof float[] a) {
            g.writeStartArray();
            for (float f : a) {
                number(g, f);
            }
            g.writeEndArray();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }
}
