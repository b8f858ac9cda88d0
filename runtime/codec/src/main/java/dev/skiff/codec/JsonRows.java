package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a stream of JSON tokens into rows, one token at a time, so it works the same behind a non-blocking parser
 * (JSON, fed as bytes arrive) and a per-line parser (JSON Lines).
 *
 * <p>A row is an array of values ({@code [1, 2.5, null, "a"]}), an object {@code {"features": [...]}} (other keys
 * ignored), or an object of named features ({@code {"density": 0.99, ...}}). A value is a number, a string, a
 * boolean (as the text {@code true}/{@code false}) or null (missing). A document (JSON mode) is one of:
 * <ul>
 *   <li>{@code {"instances": [row, ...]}}: other top-level keys are skipped, whatever they hold; a bare value in
 *       {@code instances} is a row of one value;</li>
 *   <li>{@code [row, ...]}: an array of arrays or objects;</li>
 *   <li>a single row: {@code [1, 2, 3]} (an array whose first element is a value) or a row object.</li>
 * </ul>
 * In line mode (JSON Lines) the root value is always one row.
 *
 * <p>A row object is buffered until it ends (it is small: its bytes are bounded by the decoder's row limit), since
 * only then is it known whether the document's root object is a row or an {@code instances} envelope.
 */
final class JsonRows {
    private enum State { ROOT, TOP_ARRAY, ROWS, ROW_ARRAY, OBJECT, FEATURES, SKIP, DONE }

    private final RowCollector rows;
    private final boolean lineMode;
    private State state = State.ROOT;
    private State afterRow = State.DONE; // where an open row array or object returns to
    private boolean rootObject;          // the open object is the document's root: it may be an envelope
    private boolean envelope;            // the root object holds "instances"
    private String field;
    private int skipDepth;
    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private List<Object> features;       // set once the open object's "features" array starts
    private String nestedKey;            // a root-object key whose array/object value was skipped

    JsonRows(RowCollector rows, boolean lineMode) {
        this.rows = rows;
        this.lineMode = lineMode;
    }

    /** The root value has ended; any further token is an error. */
    boolean done() {
        return state == State.DONE;
    }

    /** Inside a row, whose bytes count toward the row limit. */
    boolean inRow() {
        return switch (state) {
            case ROW_ARRAY, FEATURES -> true;
            case OBJECT, SKIP -> !inEnvelope();
            default -> false;
        };
    }

    /** The open object is the {@code instances} envelope, whose other keys are skipped. */
    private boolean inEnvelope() {
        return rootObject && envelope;
    }

    /** Starts over for the next line (line mode). */
    void reset() {
        state = State.ROOT;
        afterRow = State.DONE;
    }

    void token(JsonToken t, JsonParser p) throws IOException {
        switch (state) {
            case ROOT -> root(t);
            case TOP_ARRAY -> topArray(t, p);
            case ROWS -> rowsArray(t, p);
            case ROW_ARRAY -> rowArray(t, p);
            case OBJECT -> object(t, p);
            case FEATURES -> features(t, p);
            case SKIP -> skip(t);
            case DONE -> throw new IllegalStateException("token after the end of the document");
        }
    }

    private void root(JsonToken t) {
        if (t == JsonToken.START_ARRAY) {
            state = lineMode ? State.ROW_ARRAY : State.TOP_ARRAY;
        } else if (t == JsonToken.START_OBJECT) {
            beginObject(!lineMode, State.DONE);
        } else {
            throw notARow(t);
        }
    }

    private void topArray(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            state = State.DONE;
        } else if (t == JsonToken.START_ARRAY) {
            afterRow = State.ROWS;
            state = State.ROW_ARRAY;
        } else if (t == JsonToken.START_OBJECT) {
            beginObject(false, State.ROWS);
        } else {
            afterRow = State.DONE; // [1, 2, 3]: the array is itself one row
            state = State.ROW_ARRAY;
            cell(t, p);
        }
    }

    private void rowsArray(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            afterRow = State.ROWS;
            state = State.ROW_ARRAY;
        } else if (t == JsonToken.START_OBJECT) {
            beginObject(false, State.ROWS);
        } else if (t == JsonToken.END_ARRAY) {
            state = envelope ? State.OBJECT : State.DONE;
            rootObject = envelope;
        } else if (envelope) {
            cell(t, p);
            rows.endRow();
        } else {
            throw notARow(t);
        }
    }

    private void rowArray(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            rows.endRow();
            state = afterRow;
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(null);
        } else {
            cell(t, p);
        }
    }

    private void beginObject(boolean root, State after) {
        state = State.OBJECT;
        rootObject = root;
        afterRow = after;
        names.clear();
        values.clear();
        features = null;
        nestedKey = null;
        field = null;
    }

    private void object(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            field = p.currentName();
        } else if (t == JsonToken.END_OBJECT) {
            endObject();
        } else if (rootObject && "instances".equals(field)) {
            if (t != JsonToken.START_ARRAY) {
                throw SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null, "'instances' must be an array");
            }
            envelope = true;
            state = State.ROWS;
        } else if (t == JsonToken.START_ARRAY && "features".equals(field) && !inEnvelope()) {
            features = new ArrayList<>();
            state = State.FEATURES;
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            if (!rootObject) {
                throw notAValue(field);
            }
            nestedKey = nestedKey == null ? field : nestedKey;
            skipDepth = 1;
            state = State.SKIP;
        } else if (!inEnvelope()) {
            names.add(field);
            values.add(value(t, p));
        }
    }

    private void endObject() {
        if (inEnvelope()) {
            state = State.DONE;
            return;
        }
        if (features != null) {
            for (Object v : features) {
                push(v);
            }
        } else if (nestedKey != null) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null, "'"
                    + RowCollector.abbreviate(nestedKey) + "' holds an array or object, but the object has no"
                    + " 'instances' array and no 'features' array, and a named feature's value must be a"
                    + " number, string or null");
        } else {
            for (int i = 0; i < names.size(); i++) {
                rows.field(names.get(i));
                push(values.get(i));
            }
        }
        rows.endRow();
        state = afterRow;
    }

    private void features(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            state = State.OBJECT;
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(null);
        } else {
            features.add(value(t, p));
        }
    }

    private void skip(JsonToken t) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            skipDepth++;
        } else if ((t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) && --skipDepth == 0) {
            state = State.OBJECT;
        }
    }

    private void cell(JsonToken t, JsonParser p) throws IOException {
        switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> rows.number(number(t, p));
            case VALUE_STRING -> rows.text(p.getText());
            case VALUE_NULL -> rows.missing();
            case VALUE_TRUE, VALUE_FALSE -> rows.text(t.asString());
            default -> throw notAValue(null);
        }
    }

    private Object value(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(t, p);
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            case VALUE_TRUE, VALUE_FALSE -> t.asString();
            default -> throw notAValue(field);
        };
    }

    /** Jackson reads the integer {@code -0} as 0; keep its sign so JSON agrees with CSV. */
    private static double number(JsonToken t, JsonParser p) throws IOException {
        double v = p.getDoubleValue();
        if (v == 0 && t == JsonToken.VALUE_NUMBER_INT && p.getText().startsWith("-")) {
            return -0.0;
        }
        return v;
    }

    private void push(Object v) {
        if (v instanceof Double d) {
            rows.number(d);
        } else if (v instanceof String s) {
            rows.text(s);
        } else {
            rows.missing();
        }
    }

    private SkiffException notARow(JsonToken t) {
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null,
                "expected a row (a JSON array or object), found " + describe(t));
    }

    private SkiffException notAValue(String name) {
        String what = name == null ? "a value" : "feature '" + RowCollector.abbreviate(name) + "'";
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null,
                what + " must be a number, string or null, not an array or object");
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.name();
        };
    }
}
