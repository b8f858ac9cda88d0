package dev.skiff.codec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.FeatureType;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where decoders put cells: it checks every row against the {@link InputSchema} and hands the rows on in
 * {@link Batch}es of {@code batchRows} (the last one may be shorter), numbered 1-based in record order.
 *
 * <p>A row is a run of cell calls ({@link #number}, {@link #text}, {@link #missing}) ended by {@link #endRow}.
 * Cells are positional unless each is preceded by {@link #field}, which names its column; a row is either wholly
 * positional or wholly named. Positional rows must have the schema's width; with {@link InputSchema#ANY} the first
 * row fixes the width for the rest of the request. Named rows may leave features out (they are missing).
 *
 * <p>For a numeric schema rows are dense floats: numbers are narrowed to float, text is parsed as a number with
 * the same grammar and rounding as the CSV fast path ({@link DecimalParser}: parse as double, then narrow), and
 * empty text or {@code nan} is missing (NaN). For a general schema cells are {@link Double}, {@link String} or
 * {@code null}.
 *
 * <p>Errors are {@link SkiffException}s naming the row (and the column: a feature name when the schema has names,
 * else its 1-based index). After an error the collector is unusable. Not thread-safe: one per request.
 */
public final class RowCollector {
    private static final int FIRST_BATCH_ROWS = 1; // doubles as rows come: a one-row request allocates one row

    private final InputSchema schema;
    private final int batchRows;
    private final Consumer<Batch> sink;
    private final boolean numeric;
    private final Map<String, Integer> columns;
    private final DecimalParser parser = new DecimalParser();
    private final FeatureTypes types; // null: untyped

    private int width;            // features per row; 0 until the first row fixes it (InputSchema.ANY)
    private long rows;            // complete rows so far
    private int cells;            // positional cells in the current row
    private int target = -1;      // column named by field() for the next cell
    private boolean named;        // the current row is named
    private long[] setInRow;      // per column: the row that last set it (catches a feature given twice)
    private float[] denseRow;     // the current row (numeric)
    private Object[] generalRow;  // the current row (general)
    private float[] dense;        // the current batch, row-major (numeric)
    private List<Object[]> general = new ArrayList<>();
    private int batchSize;
    private int batchCapacity;

    public RowCollector(InputSchema schema, int batchRows, Consumer<Batch> sink) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be positive, was " + batchRows);
        }
        this.schema = schema;
        this.batchRows = batchRows;
        this.sink = sink;
        this.numeric = schema.numeric();
        this.columns = schema.columnIndex();
        this.types = FeatureTypes.of(schema);
        this.width = schema.featureCount() == InputSchema.ANY ? 0 : schema.featureCount();
        int rowCapacity = Math.max(width, 16);
        this.denseRow = numeric ? new float[rowCapacity] : null;
        this.generalRow = numeric ? null : new Object[rowCapacity];
        this.batchCapacity = Math.min(batchRows, FIRST_BATCH_ROWS);
    }

    /** Complete rows so far. */
    public long rows() {
        return rows;
    }

    /** The 1-based number of the row being collected (the next one when none has started). */
    public long row() {
        return rows + 1;
    }

    /** A number cell (NaN: missing). Infinities, and for a numeric schema numbers beyond float's range, are refused. */
    public void number(double value) {
        int c = column();
        if (types != null) {
            types.number(c, value, row());
        }
        if (numeric) {
            putDense(c, finiteFloat(c, value));
        } else if (Double.isInfinite(value)) {
            throw notFinite(c, value, "a finite number");
        } else {
            putGeneral(c, Double.isNaN(value) ? null : value);
        }
    }

    /** A text cell: parsed as a number for a numeric schema (empty = missing), kept as is otherwise. */
    public void text(String value) {
        int c = column();
        if (!numeric) {
            putGeneral(c, value);
        } else if (types != null && types.isBoolean(c)) {
            putDense(c, types.bool(c, value, row()));
        } else if (parser.parse(value)) {
            if (types != null) {
                types.number(c, parser.value(), row());
            }
            putDense(c, finiteFloat(c, parser.value()));
        } else {
            String got = "'" + abbreviate(value) + "'";
            throw SkiffException.mismatch(ErrorCode.NOT_A_NUMBER, row(), columnName(c), got + " is not a number",
                    "a number", got);
        }
    }

    /**
     * A string from a typed format (JSON): kept for a general schema, refused for a numeric one, which takes numbers
     * only as numbers ({@code "0.5"} is not {@code 0.5}).
     */
    public void string(String value) {
        int c = column();
        if (types != null && types.isBoolean(c)) {
            throw types.wrongType(c, row(), FeatureType.BOOLEAN, "the string \"" + abbreviate(value) + "\"");
        }
        if (numeric) {
            String got = "the string \"" + abbreviate(value) + "\"";
            throw SkiffException.mismatch(ErrorCode.NOT_A_NUMBER, row(), columnName(c),
                    got + " where a number belongs (send numbers unquoted)", "a number", got);
        }
        putGeneral(c, value);
    }

    /** The column the next positional cell goes to: 1-based, or the feature's name. For messages. */
    public String nextColumn() {
        return columnName(target >= 0 ? target : cells);
    }

    /** A missing cell (NaN in a dense row, {@code null} in a general one). */
    public void missing() {
        int c = column();
        if (numeric) {
            putDense(c, Float.NaN);
        } else {
            putGeneral(c, null);
        }
    }

    /** Names the column of the next cell; the schema must have feature names. */
    public void field(String name) {
        if (columns.isEmpty()) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, row(), null, "named feature '" + abbreviate(name)
                    + "' given, but the model's input schema has no feature names; send each row as an array");
        }
        Integer c = columns.get(name);
        if (c == null) {
            throw SkiffException.badRow(ErrorCode.UNKNOWN_FEATURE, row(), abbreviate(name),
                    "unknown feature; the model's features are " + abbreviate(schema.featureNames().toString()));
        }
        if (cells > 0) {
            throw mixed();
        }
        if (!named) {
            startNamedRow();
        }
        if (setInRow[c] == row()) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, row(), name, "feature given twice");
        }
        setInRow[c] = row();
        target = c;
    }

    /** Ends the current row: checks its width and emits a batch when {@code batchRows} rows are waiting. */
    public void endRow() {
        if (!named) {
            checkWidth();
        } else if (types != null) {
            types.required(setInRow, row());
        }
        if (numeric) {
            appendDense();
        } else {
            general.add(Arrays.copyOf(generalRow, width));
        }
        rows++;
        cells = 0;
        target = -1;
        named = false;
        if (++batchSize == batchRows) {
            emit();
        }
    }

    /** Emits the last, partial batch, if any. Call once at the end of the request, after the last {@link #endRow}. */
    public void flush() {
        if (cells > 0 || named) {
            throw new IllegalStateException("row " + row() + " was not ended");
        }
        if (batchSize > 0) {
            emit();
        }
    }

    private int column() {
        if (target >= 0) {
            int c = target;
            target = -1;
            return c;
        }
        if (named) {
            throw mixed();
        }
        return cells++;
    }

    private float finiteFloat(int c, double value) {
        float f = (float) value;
        if (Float.isInfinite(f)) {
            throw notFinite(c, value, "a finite 32-bit number (at most 3.4028235E38 in magnitude)");
        }
        return f;
    }

    private SkiffException notFinite(int c, double value, String expected) {
        String got = Double.toString(value);
        return SkiffException.mismatch(ErrorCode.NOT_A_NUMBER, row(), columnName(c), got + " is not " + expected,
                expected, got);
    }

    private void putDense(int c, float v) {
        if (c < denseRow.length) {
            denseRow[c] = v;
        } else if (width == 0) {
            denseRow = Arrays.copyOf(denseRow, denseRow.length * 2);
            denseRow[c] = v;
        } // else: too many cells; counted, and reported by endRow
    }

    private void putGeneral(int c, Object v) {
        if (c < generalRow.length) {
            generalRow[c] = v;
        } else if (width == 0) {
            generalRow = Arrays.copyOf(generalRow, generalRow.length * 2);
            generalRow[c] = v;
        }
    }

    private void startNamedRow() {
        named = true;
        if (setInRow == null) {
            setInRow = new long[width];
        }
        if (numeric) {
            Arrays.fill(denseRow, 0, width, Float.NaN);
        } else {
            Arrays.fill(generalRow, 0, width, null);
        }
    }

    private void checkWidth() {
        if (width == 0) {
            if (cells == 0) {
                throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, row(), null, "the row has no features");
            }
            width = cells;
        } else if (cells != width) {
            String note = schema.featureCount() == InputSchema.ANY ? " (the width of row 1)" : "";
            throw SkiffException.mismatch(ErrorCode.WRONG_FEATURE_COUNT, row(), null,
                    cells + " features, expected " + width + note, String.valueOf(width), String.valueOf(cells));
        }
    }

    private void appendDense() {
        if (dense == null || dense.length < (batchSize + 1) * width) {
            int capacityRows = dense == null ? batchCapacity : Math.min(batchRows, batchCapacity * 2);
            batchCapacity = capacityRows;
            dense = dense == null ? new float[capacityRows * width] : Arrays.copyOf(dense, capacityRows * width);
        }
        System.arraycopy(denseRow, 0, dense, batchSize * width, width);
    }

    private void emit() {
        long firstRow = rows - batchSize + 1;
        Batch batch;
        if (numeric) {
            int n = batchSize * width;
            batch = Batch.dense(firstRow, dense.length == n ? dense : Arrays.copyOf(dense, n), width);
            dense = null;
        } else {
            batch = Batch.rows(firstRow, general, width);
            general = new ArrayList<>();
        }
        batchSize = 0;
        sink.accept(batch);
    }

    private SkiffException mixed() {
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, row(), null,
                "a row is either an array of values or an object of named features, not both");
    }

    private String columnName(int c) {
        List<String> names = schema.featureNames();
        return c < names.size() ? names.get(c) : String.valueOf(c + 1);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
