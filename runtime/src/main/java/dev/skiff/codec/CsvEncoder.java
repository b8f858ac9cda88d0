package dev.skiff.codec;

import dev.skiff.spi.Predictions;
import java.util.List;
import java.util.Map;

/**
 * {@code text/csv}: one line per input row, with a final newline. A row's vector, list or map (its values, in
 * order) is one comma-joined line; text is quoted per RFC 4180 when it needs to be; NaN is {@code nan}.
 */
final class CsvEncoder implements ResponseEncoder {
    static final String TYPE = "text/csv";
    private static final byte[] NOTHING = new byte[0];

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public byte[] begin() {
        return NOTHING;
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        TextOut out = new TextOut(predictions.size() * 12);
        if (predictions.isDense()) {
            float[] scores = predictions.scores();
            int width = predictions.width();
            for (int i = 0; i < scores.length; i++) {
                out.number(scores[i], "nan", "inf").ascii((i + 1) % width == 0 ? '\n' : ',');
            }
        } else {
            for (int i = 0; i < predictions.size(); i++) {
                cells(out, predictions.get(i), true);
                out.ascii('\n');
            }
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return NOTHING;
    }

    /** Writes a value as cells; returns whether it wrote any (to place commas). */
    private static boolean cells(TextOut out, Object value, boolean first) {
        if (value instanceof float[] v) {
            for (int i = 0; i < v.length; i++) {
                comma(out, first && i == 0).number(v[i], "nan", "inf");
            }
            return v.length > 0;
        }
        if (value instanceof List<?> list) {
            boolean wrote = false;
            for (Object item : list) {
                wrote |= cells(out, item, first && !wrote);
            }
            return wrote;
        }
        if (value instanceof Map<?, ?> map) {
            return cells(out, new java.util.ArrayList<Object>(map.values()), first);
        }
        comma(out, first);
        if (value instanceof Float f) {
            out.number(f, "nan", "inf");
        } else if (value instanceof Double d) {
            out.ascii(Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : d.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.ascii(value.toString());
        } else if (value != null) {
            text(out, value.toString());
        }
        return true;
    }

    private static TextOut comma(TextOut out, boolean first) {
        return first ? out : out.ascii(',');
    }

    private static void text(TextOut out, String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (quote) {
            out.ascii('"').utf8(s.replace("\"", "\"\"")).ascii('"');
        } else {
            out.utf8(s);
        }
    }
}
