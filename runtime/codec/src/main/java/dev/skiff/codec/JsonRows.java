package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a stream of JSON tokens into rows, one token at a time, so it works the same behind a non-blocking parser
 * (JSON, fed as bytes arrive) and a per-line parser (JSON Lines).
 *
 * <p>A row is an array of values ({@code [1, 2.5, null, "a"]}), an object {@code {"features": [...]}} (other keys
 * ignored), or an object of named features ({@code {"density": 0.99, ...}}). MLflow's scoring-server shapes
 * ({@code dataframe_split}, {@code dataframe_records}, {@code inputs}) are read with {@link MlflowShapes}. A value
 * is a number, a string, a boolean (as the text {@code true}/{@code false}) or null (missing). A document (JSON
 * mode) is one of:
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
 *
 * <p>The open containers are a stack of frames, one per array or object, each knowing what it is; a frame is popped
 * when its container ends and the one below carries on. Frames are reused, so a row costs no allocation here.
 */
final class JsonRows {
    /** What an open container is. */
    private enum Kind {
        TOP_ARRAY,  // the document's root array: an array of rows, or itself a row (its first element tells)
        ROWS,       // an array of rows (the root array, or the value of "instances")
        ROW_ARRAY,  // an array that is one row of values
        OBJECT,     // an object: a row, or (the document's root only) the "instances" envelope
        FEATURES,   // the "features" array of a row object
        SKIP,       // a value read past (a root object's key whose value is an array or object)
        SPLIT,      // MLflow's dataframe_split object
        COLUMNS,    // its "columns" array
        COLUMNAR,   // MLflow's "inputs" as an object of columns
        COLUMN      // one column's array of values in it
    }

    private static final class Frame {
        Kind kind;
        boolean root;        // OBJECT: the document's root object, which may be the envelope
        boolean envelope;    // OBJECT: holds "instances", whose other keys are skipped; ROWS: the instances array
        String field;        // OBJECT: the key whose value comes next
        String nestedKey;    // OBJECT: the first key whose value was an array or object (read past)
        final Set<String> keys = new HashSet<>(); // OBJECT, and SKIP of an object: the keys seen, to refuse repeats
    }

    private final RowCollector rows;
    private final boolean lineMode;
    private Frame[] stack = new Frame[8]; // made as the document nests, then reused
    private int depth;
    private boolean done;
    private boolean afterKey;    // the last token was a key
    private final List<String> names = new ArrayList<>();  // the open row object's named values
    private final List<Object> values = new ArrayList<>();
    private List<Object> features;                         // set once the open row object's "features" starts
    private final MlflowShapes mlflow;

    JsonRows(RowCollector rows, boolean lineMode) {
        this.rows = rows;
        this.lineMode = lineMode;
        this.mlflow = new MlflowShapes(rows);
    }

    /** The root value has ended; any further token is an error. */
    boolean done() {
        return done;
    }

    /** Inside a row, whose bytes count toward the row limit. Asked for every token: plain comparisons, no switch. */
    boolean inRow() {
        for (int i = depth - 1; i >= 0; i--) {
            Frame f = stack[i];
            Kind kind = f.kind;
            if (kind == Kind.ROW_ARRAY || kind == Kind.FEATURES) {
                return true;
            }
            if (kind == Kind.OBJECT) {
                return !f.envelope;
            }
            if (kind != Kind.SKIP) {
                return false;
            }
        }
        return false;
    }

    /**
     * Right after a row of an array of rows whose cells are positional (not dataframe_split's, which are named): what
     * follows may be more rows for {@link JsonNumberRows}.
     */
    boolean afterRowOfRows() {
        return depth > 0 && stack[depth - 1].kind == Kind.ROWS && !mlflow.splitRows();
    }

    /** Starts over for the next line (line mode). */
    void reset() {
        depth = 0;
        done = false;
        afterKey = false;
    }

    void token(JsonToken t, JsonParser p) throws IOException {
        if (done) {
            throw new IllegalStateException("token after the end of the document");
        }
        if (t == JsonToken.END_OBJECT && afterKey) {
            // Jackson's non-blocking parser lets {"a":} through when a chunk ends after the colon; refuse it always
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON: a key without a value");
        }
        afterKey = t == JsonToken.FIELD_NAME;
        if (depth == 0) {
            root(t);
            return;
        }
        Frame top = stack[depth - 1];
        switch (top.kind) {
            case TOP_ARRAY -> topArray(top, t, p);
            case ROWS -> rowsArray(top, t, p);
            case ROW_ARRAY -> rowArray(t, p);
            case OBJECT -> object(top, t, p);
            case FEATURES -> features(t, p);
            case SKIP -> skip(top, t, p);
            case SPLIT -> split(top, t, p);
            case COLUMNS -> columns(t, p);
            case COLUMNAR -> columnar(t, p);
            case COLUMN -> column(t, p);
        }
    }

    private Frame push(Kind kind) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        if (stack[depth] == null) {
            stack[depth] = new Frame();
        }
        Frame f = stack[depth++];
        f.kind = kind;
        f.envelope = false;
        f.keys.clear();
        return f;
    }

    private void pop() {
        if (--depth == 0) {
            done = true;
        }
    }

    private void root(JsonToken t) {
        if (t == JsonToken.START_ARRAY) {
            push(lineMode ? Kind.ROW_ARRAY : Kind.TOP_ARRAY);
        } else if (t == JsonToken.START_OBJECT) {
            beginObject(!lineMode);
        } else {
            throw notARow(t);
        }
    }

    private void topArray(Frame top, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            pop();
        } else if (t == JsonToken.START_ARRAY) {
            top.kind = Kind.ROWS;
            push(Kind.ROW_ARRAY);
        } else if (t == JsonToken.START_OBJECT) {
            top.kind = Kind.ROWS;
            beginObject(false);
        } else {
            top.kind = Kind.ROW_ARRAY; // [1, 2, 3]: the array is itself one row
            cell(t, p);
        }
    }

    private void rowsArray(Frame top, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            mlflow.startRow();
            push(Kind.ROW_ARRAY);
        } else if (t == JsonToken.START_OBJECT) {
            beginObject(false);
        } else if (t == JsonToken.END_ARRAY) {
            pop();
        } else if (top.envelope) {
            cell(t, p); // a bare value in instances is a row of one value
            rows.endRow();
        } else {
            throw notARow(t);
        }
    }

    private void rowArray(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            rows.endRow();
            pop();
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(rows.nextColumn(), null);
        } else {
            cell(t, p);
        }
    }

    private void beginObject(boolean root) {
        Frame f = push(Kind.OBJECT);
        f.root = root;
        f.field = null;
        f.nestedKey = null;
        names.clear();
        values.clear();
        features = null;
    }

    private void object(Frame top, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            top.field = key(top, p);
        } else if (t == JsonToken.END_OBJECT) {
            endObject(top);
        } else if (top.root && mlflow.envelope(top.field)) {
            top.envelope = true;
            if (t == JsonToken.START_OBJECT && top.field.equals("dataframe_split")) {
                push(Kind.SPLIT).field = null;
            } else if (t == JsonToken.START_OBJECT && top.field.equals("inputs")) {
                mlflow.startColumnar();
                push(Kind.COLUMNAR);
            } else if (t == JsonToken.START_ARRAY && !top.field.equals("dataframe_split")) {
                push(Kind.ROWS).envelope = true;
            } else {
                throw SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null, "'" + top.field + "' must be "
                        + (top.field.equals("dataframe_split") ? "an object" : "an array")
                        + (top.field.equals("inputs") ? " or an object of columns" : ""));
            }
        } else if (t == JsonToken.START_ARRAY && "features".equals(top.field) && !top.envelope) {
            features = new ArrayList<>();
            push(Kind.FEATURES);
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            if (!top.root) {
                throw notAValue(RowCollector.abbreviate(top.field), top.field);
            }
            top.nestedKey = top.nestedKey == null ? top.field : top.nestedKey;
            push(Kind.SKIP);
        } else if (!top.envelope) {
            names.add(top.field);
            values.add(JsonCells.value(t, p));
        }
    }

    private void endObject(Frame top) {
        if (top.envelope) {
            pop();
            return;
        }
        if (features != null) {
            for (Object v : features) {
                put(v);
            }
        } else if (top.nestedKey != null) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null, "'"
                    + RowCollector.abbreviate(top.nestedKey) + "' holds an array or object, but the object has no"
                    + " 'instances' array and no 'features' array, and a named feature's value must be a"
                    + " number, string or null");
        } else {
            for (int i = 0; i < names.size(); i++) {
                rows.field(names.get(i));
                put(values.get(i));
            }
        }
        rows.endRow();
        pop();
    }

    private void features(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            pop();
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(String.valueOf(features.size() + 1), null);
        } else {
            features.add(JsonCells.value(t, p));
        }
    }

    private void skip(Frame top, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            key(top, p);
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            push(Kind.SKIP);
        } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
            pop();
        }
    }

    private void cell(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(rows.nextColumn(), null);
        }
        if (depth >= 2 && stack[depth - 2].kind == Kind.ROWS && mlflow.splitRows()) {
            mlflow.nameCell();
        }
        JsonCells.cell(rows, t, p);
    }

    /** One rule for every object in a document: a key given twice is refused (none is silently dropped). */
    private String key(Frame top, JsonParser p) throws IOException {
        String key = p.currentName();
        if (!top.keys.add(key)) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), RowCollector.abbreviate(key),
                    "key given twice in one JSON object");
        }
        return key;
    }

    /** Inside dataframe_split: "columns" (before "data"), "data" (rows), anything else read past. */
    private void split(Frame top, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            top.field = key(top, p);
            return;
        }
        if (t == JsonToken.END_OBJECT) {
            pop();
        } else if (t == JsonToken.START_ARRAY && "columns".equals(top.field)) {
            mlflow.startColumns();
            push(Kind.COLUMNS);
        } else if (t == JsonToken.START_ARRAY && "data".equals(top.field)) {
            mlflow.startData();
            push(Kind.ROWS).envelope = true;
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            push(Kind.SKIP); // "index", ...
        }
    }

    private void columns(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            pop();
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(null, "columns");
        } else {
            mlflow.columnName(JsonCells.value(t, p));
        }
    }

    private void columnar(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            mlflow.columnKey(p.currentName());
        } else if (t == JsonToken.END_OBJECT) {
            mlflow.endColumnar();
            pop();
        } else if (t == JsonToken.START_ARRAY) {
            push(Kind.COLUMN);
        } else if (t == JsonToken.START_OBJECT) {
            throw notAValue(rows.nextColumn(), null);
        } else {
            mlflow.columnValue(JsonCells.value(t, p)); // a scalar: a column of one value
        }
    }

    private void column(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            pop();
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            throw notAValue(rows.nextColumn(), null);
        } else {
            mlflow.columnValue(JsonCells.value(t, p));
        }
    }

    private void put(Object v) {
        JsonCells.put(rows, v);
    }

    private SkiffException notARow(JsonToken t) {
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, rows.row(), null,
                "expected a row (a JSON array or object), found " + JsonCells.describe(t));
    }

    /** An array or object where a value belongs; {@code name}: the feature, when the value is named. */
    private SkiffException notAValue(String column, String name) {
        String what = name == null ? "a value" : "feature '" + RowCollector.abbreviate(name) + "'";
        return SkiffException.mismatch(ErrorCode.INVALID_INPUT, rows.row(), column,
                what + " must be a number, string or null, not an array or object", "a number, string or null",
                "an array or object");
    }
}
