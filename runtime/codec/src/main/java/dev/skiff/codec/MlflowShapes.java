package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request shapes of MLflow's scoring server, for {@link JsonRows}: a root object holding exactly one of
 * {@code dataframe_split} ({@code {"columns": [...], "data": [[...], ...]}}, its cells named by {@code columns}),
 * {@code dataframe_records} (an array of row objects), {@code instances} or {@code inputs} (an array of rows, or for
 * {@code inputs} an object of columns, {@code {"a": [1, 2], "b": [3, 4]}}). Other keys ({@code params}) are skipped.
 *
 * <p>Columns of {@code inputs} arrive one after the other, so they are held until the object ends (within the body
 * limit); every other shape streams row by row. {@code dataframe_split}'s {@code columns} must come before its
 * {@code data}, as pandas and MLflow write them.
 */
final class MlflowShapes {
    static final Set<String> ENVELOPES = Set.of("instances", "inputs", "dataframe_records", "dataframe_split");

    private final RowCollector rows;
    private String envelope;                 // the root's envelope key, once seen
    private List<String> columns;            // dataframe_split's columns
    private boolean dataSeen;
    private int cell;                        // the next cell's index in a dataframe_split row
    private Map<String, List<Object>> columnar;
    private String column;                   // the columnar key being read

    MlflowShapes(RowCollector rows) {
        this.rows = rows;
    }

    /** Whether {@code key} of the root object is an envelope; refuses a second one, as MLflow does. */
    boolean envelope(String key) {
        if (!ENVELOPES.contains(key)) {
            return false;
        }
        if (envelope != null) {
            throw SkiffException.of(ErrorCode.INVALID_INPUT, "the request holds both '" + envelope + "' and '" + key
                    + "'; send exactly one of " + String.join(", ", ENVELOPES.stream().sorted().toList()));
        }
        envelope = key;
        return true;
    }

    // dataframe_split

    void columnName(Object name) {
        if (!(name instanceof String s)) {
            throw SkiffException.of(ErrorCode.INVALID_INPUT, "dataframe_split: 'columns' must hold strings");
        }
        columns.add(s);
    }

    void startColumns() {
        if (dataSeen) {
            throw SkiffException.of(ErrorCode.INVALID_INPUT,
                    "dataframe_split: 'columns' must come before 'data' (as pandas' to_json(orient='split') writes)");
        }
        columns = new ArrayList<>();
    }

    void startData() {
        dataSeen = true;
    }

    /** A dataframe_split row starts: its cells are named by the columns (positional when there are none). */
    void startRow() {
        cell = 0;
    }

    /** Names the next cell of a dataframe_split row. */
    void nameCell() {
        if (columns == null) {
            return;
        }
        if (cell >= columns.size()) {
            throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, rows.row(), null, "the row has more values than"
                    + " dataframe_split's " + columns.size() + " columns");
        }
        rows.field(columns.get(cell++));
    }

    boolean splitRows() {
        return dataSeen;
    }

    // inputs as an object of columns

    void startColumnar() {
        columnar = new LinkedHashMap<>();
    }

    void columnKey(String key) {
        column = key;
        columnar.put(key, new ArrayList<>());
    }

    void columnValue(Object value) {
        columnar.get(column).add(value);
    }

    /** The columns have all arrived: emits their rows. */
    void endColumnar() {
        int n = -1;
        for (Map.Entry<String, List<Object>> e : columnar.entrySet()) {
            if (n >= 0 && e.getValue().size() != n) {
                throw SkiffException.of(ErrorCode.INVALID_INPUT, "inputs: column '"
                        + RowCollector.abbreviate(e.getKey()) + "' has " + e.getValue().size() + " values, the ones "
                        + "before it " + n);
            }
            n = e.getValue().size();
        }
        for (int i = 0; i < n; i++) {
            for (Map.Entry<String, List<Object>> e : columnar.entrySet()) {
                rows.field(e.getKey());
                JsonCells.put(rows, e.getValue().get(i));
            }
            rows.endRow();
        }
        columnar = null;
    }
}
