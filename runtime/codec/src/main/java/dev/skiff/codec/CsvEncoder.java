package dev.skiff.codec;

import dev.skiff.spi.Predictions;
import java.util.List;
import java.util.Map;

/**
 * {@code text/csv}: one line per input row, each ended by LF (so the answer has a final newline). A row's vector or
 * list is one comma-joined line (nested lists flattened into it). A row that is a map (named answers, e.g.
 * {@code SAGEMAKER_INFERENCE_OUTPUT}'s keys) has its values in order, one cell each, except that a {@code float[]}
 * or nested map there is spread over cells and a {@link List} is ONE cell holding Python's list repr in quotes,
 * {@code "[0.1, 0.9]"}, byte for byte as SageMaker's XGBoost container writes it (see {@link PythonRepr}). Strings
 * are quoted (RFC 4180) when they hold a comma, quote, CR or LF; {@code null} and NaN are empty cells; infinities
 * are {@code Infinity} and {@code -Infinity}.
 */
final class CsvEncoder implements ResponseEncoder {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public String contentType() {
        return "text/csv";
    }

    @Override
    public byte[] begin() {
        return EMPTY;
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        if (predictions.isDense()) {
            return dense(predictions.scores(), predictions.width());
        }
        ByteSink out = new ByteSink(predictions.size() * 16);
        for (int i = 0; i < predictions.size(); i++) {
            cells(out, predictions.get(i), true);
            out.write((byte) '\n');
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return EMPTY;
    }

    private static byte[] dense(float[] scores, int width) {
        ByteSink out = new ByteSink(scores.length * 12);
        for (int i = 0; i < scores.length; i++) {
            score(out, scores[i]);
            out.write((byte) ((i + 1) % width == 0 ? '\n' : ','));
        }
        return out.toByteArray();
    }

    private static void score(ByteSink out, float v) {
        if (!Float.isNaN(v)) {
            out.number(v);
        }
    }

    /** Writes {@code v} as one or more cells; {@code first} says whether no cell precedes it on the line. */
    private static boolean cells(ByteSink out, Object v, boolean first) {
        if (v instanceof float[] f) {
            for (float x : f) {
                first = separate(out, first);
                score(out, x);
            }
        } else if (v instanceof List<?> list) {
            for (Object x : list) {
                first = cells(out, x, first);
            }
        } else if (v instanceof Map<?, ?> map) {
            for (Object x : map.values()) {
                if (x instanceof List<?> list) {
                    first = separate(out, first);
                    string(out, PythonRepr.list(list), true);
                } else {
                    first = cells(out, x, first);
                }
            }
        } else {
            first = separate(out, first);
            cell(out, v);
        }
        return first;
    }

    private static boolean separate(ByteSink out, boolean first) {
        if (!first) {
            out.write((byte) ',');
        }
        return false;
    }

    private static void cell(ByteSink out, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof Float f) {
            score(out, f);
        } else if (v instanceof Number n) {
            if (!Double.isNaN(n.doubleValue())) {
                out.number(n);
            }
        } else if (v instanceof String s) {
            string(out, s, false);
        } else if (v instanceof Boolean b) {
            out.ascii(b.toString());
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as a prediction");
        }
    }

    private static void string(ByteSink out, String s, boolean alwaysQuote) {
        boolean quote = alwaysQuote;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.utf8(s);
        } else {
            out.write((byte) '"').utf8(s.replace("\"", "\"\"")).write((byte) '"');
        }
    }
}
