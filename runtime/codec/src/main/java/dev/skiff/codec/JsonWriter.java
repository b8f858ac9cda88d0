package dev.skiff.codec;

import dev.skiff.spi.Predictions;
import java.util.List;
import java.util.Map;

/**
 * Writes prediction values as JSON into a {@link ByteSink}: numbers (NaN and infinities as {@code null}, which JSON
 * cannot otherwise express), strings, booleans, {@code float[]}, lists and string-keyed maps, nested as given.
 */
final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonWriter() {
    }

    /** Prediction {@code i}: a dense row without boxing (a number when width is 1), else the value as given. */
    static void row(ByteSink out, Predictions predictions, int i) {
        if (!predictions.isDense()) {
            value(out, predictions.get(i));
        } else if (!predictions.names().isEmpty()) {
            named(out, predictions.names(), predictions.scores(), i * predictions.width());
        } else if (predictions.width() == 1) {
            score(out, predictions.scores()[i]);
        } else {
            int w = predictions.width();
            scores(out, predictions.scores(), i * w, (i + 1) * w);
        }
    }

    /** {@code {"name0": score, ...}}: a row of named scores, e.g. {@code {"score": 0.43}}. */
    private static void named(ByteSink out, List<String> names, float[] scores, int from) {
        out.write((byte) '{');
        for (int c = 0; c < names.size(); c++) {
            if (c > 0) {
                out.write((byte) ',');
            }
            string(out, names.get(c));
            out.write((byte) ':');
            score(out, scores[from + c]);
        }
        out.write((byte) '}');
    }

    static void score(ByteSink out, float v) {
        if (Float.isFinite(v)) {
            out.number(v);
        } else {
            out.ascii("null");
        }
    }

    static void scores(ByteSink out, float[] v, int from, int to) {
        out.write((byte) '[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.write((byte) ',');
            }
            score(out, v[i]);
        }
        out.write((byte) ']');
    }

    static void value(ByteSink out, Object v) {
        if (v == null) {
            out.ascii("null");
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                out.number(n);
            } else {
                out.ascii("null");
            }
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.ascii(b.toString());
        } else if (v instanceof float[] f) {
            scores(out, f, 0, f.length);
        } else if (v instanceof List<?> list) {
            out.write((byte) '[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.write((byte) ',');
                }
                value(out, list.get(i));
            }
            out.write((byte) ']');
        } else if (v instanceof Map<?, ?> map) {
            object(out, map);
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as a prediction");
        }
    }

    private static void object(ByteSink out, Map<?, ?> map) {
        out.write((byte) '{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.write((byte) ',');
            }
            first = false;
            string(out, String.valueOf(e.getKey()));
            out.write((byte) ':');
            value(out, e.getValue());
        }
        out.write((byte) '}');
    }

    static void string(ByteSink out, String s) {
        out.write((byte) '"');
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.utf8(s.substring(plain, i));
                escape(out, c);
                plain = i + 1;
            }
        }
        out.utf8(s.substring(plain));
        out.write((byte) '"');
    }

    private static void escape(ByteSink out, char c) {
        switch (c) {
            case '"' -> out.ascii("\\\"");
            case '\\' -> out.ascii("\\\\");
            case '\n' -> out.ascii("\\n");
            case '\r' -> out.ascii("\\r");
            case '\t' -> out.ascii("\\t");
            default -> out.ascii("\\u00").write(HEX[c >> 4]).write(HEX[c & 0xf]);
        }
    }
}
