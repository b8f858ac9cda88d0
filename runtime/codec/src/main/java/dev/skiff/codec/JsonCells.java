package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * How a JSON scalar becomes a cell: a number as a number (an integer {@code -0} keeps its sign, so JSON agrees with
 * CSV), a string as a string (which a numeric model refuses: {@code "0.5"} is not a number), {@code true}/{@code false}
 * as their text, {@code null} as missing.
 */
final class JsonCells {
    private JsonCells() {
    }

    /** Puts the scalar token {@code t} into the current row. */
    static void cell(RowCollector rows, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            rows.number(number(t, p)); // the common case, unboxed
        } else {
            put(rows, value(t, p));
        }
    }

    /** The scalar token {@code t} as a value to hold: Double, String, Boolean or null. */
    static Object value(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(t, p);
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new IllegalStateException("not a scalar: " + t);
        };
    }

    /** Puts a held value (from {@link #value}) into the current row. */
    static void put(RowCollector rows, Object v) {
        if (v instanceof Double d) {
            rows.number(d);
        } else if (v instanceof String s) {
            rows.string(s);
        } else if (v instanceof Boolean b) {
            rows.text(b.toString());
        } else {
            rows.missing();
        }
    }

    /** The kind of value a token starts, for messages. */
    static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.name();
        };
    }

    private static double number(JsonToken t, JsonParser p) throws IOException {
        double v = p.getDoubleValue();
        if (v == 0 && t == JsonToken.VALUE_NUMBER_INT && p.getText().startsWith("-")) {
            return -0.0;
        }
        return v;
    }
}
