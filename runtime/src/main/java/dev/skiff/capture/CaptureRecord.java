package dev.skiff.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.codec.Formats;
import dev.skiff.codec.ResponseEncoder;
import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One captured request, as plain values handed from the event loop to the capture writer: who and when, the first
 * rows of its input and their predictions (or the error). It is turned into JSON on the writer's thread, never on the
 * request's path.
 *
 * @param rows         rows the request had in all
 * @param inputs       the batches holding the captured rows, in order (the last one may hold more)
 * @param predictions  the answers of those batches, in the same order; shorter when the request failed
 * @param keptRows     how many rows (and predictions) are captured: at most {@code SKIFF_CAPTURE_MAX_ROWS}
 */
record CaptureRecord(String requestId, Instant time, String model, String contentType, String accept,
                     InputSchema schema, int status, String errorCode, String errorMessage, long rows, double ms,
                     List<Batch> inputs, List<Predictions> predictions, int keptRows) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ResponseEncoder PREDICTIONS = Formats.encoder("application/json", null, "", false);

    /** The record as one JSON object. */
    byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + keptRows * 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("request_id", requestId);
            g.writeStringField("time", time.toString());
            g.writeStringField("model", model);
            g.writeStringField("content_type", contentType);
            g.writeStringField("accept", accept);
            g.writeNumberField("status", status);
            g.writeNumberField("ms", ms);
            g.writeNumberField("rows", rows);
            g.writeNumberField("captured_rows", Math.min(rows, keptRows));
            g.writeFieldName("input");
            input(g);
            if (errorCode != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("code", errorCode);
                g.writeStringField("message", errorMessage);
                g.writeEndObject();
            } else {
                g.writeFieldName("predictions");
                g.writeRawValue(predictionsJson());
            }
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    /** Rows as arrays, or as objects of named features when the schema names them. */
    private void input(JsonGenerator g) throws IOException {
        List<String> names = schema.featureNames();
        g.writeStartArray();
        int left = keptRows;
        for (Batch batch : inputs) {
            for (int i = 0; i < batch.size() && left > 0; i++, left--) {
                Object[] row = batch.row(i);
                if (names.size() == row.length) {
                    g.writeStartObject();
                    for (int c = 0; c < row.length; c++) {
                        g.writeFieldName(names.get(c));
                        cell(g, row[c]);
                    }
                    g.writeEndObject();
                } else {
                    g.writeStartArray();
                    for (Object cell : row) {
                        cell(g, cell);
                    }
                    g.writeEndArray();
                }
            }
        }
        g.writeEndArray();
    }

    private static void cell(JsonGenerator g, Object cell) throws IOException {
        if (cell instanceof Double d && Double.isFinite(d)) {
            g.writeNumber(d);
        } else if (cell instanceof String s) {
            g.writeString(s);
        } else {
            g.writeNull(); // missing, NaN
        }
    }

    /** The predictions as the JSON answer writes them, cut to the captured rows. */
    private String predictionsJson() {
        StringBuilder out = new StringBuilder("[");
        int left = keptRows;
        for (Predictions p : predictions) {
            if (left <= 0) {
                break;
            }
            Predictions kept = p.size() <= left ? p : head(p, left);
            out.append(new String(PREDICTIONS.encode(kept, out.length() == 1), StandardCharsets.UTF_8));
            left -= kept.size();
        }
        return out.append(']').toString();
    }

    /** The first {@code n} predictions of {@code p}. */
    static Predictions head(Predictions p, int n) {
        if (!p.isDense()) {
            List<Object> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(p.get(i));
            }
            return Predictions.of(values);
        }
        float[] scores = Arrays.copyOf(p.scores(), n * p.width());
        return p.names().isEmpty() ? Predictions.scores(scores, p.width()) : Predictions.named(scores, p.names());
    }
}
