package dev.skiff.codec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where decoders put cells, row by row: it checks each row against the {@link InputSchema} (width, numbers,
 * feature names), numbers rows 1-based in the order they arrive, and hands full batches to the sink.
 *
 * <p>A numeric schema gets dense batches: cells become floats (parsed as double, then rounded to float, the way
 * NumPy reads CSV into float32), a missing cell NaN. Otherwise rows are {@code Object[]} of {@link Double},
 * {@link String} or {@code null}. With {@link InputSchema#ANY}, the first row's width is the request's width.
 */
public final class RowCollector {
    private final boolean numeric;
    private final int batchRows;
    private final Consumer<Batch> sink;
    private final List<String> names;
    private final Map<String, Integer> columns;
    private int width;

    private float[] denseCells = new float[16];
    private Object[] cells = new Object[16];
    private int count;
    private boolean named;

    private long rowsDone;
    private long batchFirstRow = 1;
    private float[] dense;
    private List<Object[]> rows;
    private int rowsInBatch;

    public RowCollector(InputSchema schema, int batchRows, Consumer<Batch> sink) {
        this.numeric = schema.numeric();
        this.batchRows = batchRows;
        this.sink = sink;
        this.names = schema.featureNames();
        this.columns = schema.columnIndex();
        this.width = schema.featureCount();
    }

    /** The 1-based number of the row being collected. */
    public long row() {
        return rowsDone + 1;
    }

    /** Whether the model has a feature of this name. */
    public boolean hasFeature(String name) {
        return columns.containsKey(name);
    }

    /** Rows completed so far. */
    public long rows() {
        return rowsDone;
    }

    /** The next cell, as digits in {@code bytes[from, to)}: the fast path for unquoted CSV. */
    public void bytes(byte[] bytes, int from, int to) {
        int at = positional();
        if (Numbers.isBlank(bytes, from, to)) {
            storeMissing(at);
            return;
        }
        double value;
        try {
            value = Numbers.parse(bytes, from, to);
        } catch (NumberFormatException e) {
            storeText(at, e.getMessage());
            return;
        }
        store(at, value);
    }

    /** The next cell, a number. */
    public void number(double value) {
        store(positional(), value);
    }

    /** The next cell as text: a number if it reads as one, blank for missing, else a string. */
    public void text(String value) {
        storeText(positional(), value);
    }

    /** The next cell is missing. */
    public void missing() {
        storeMissing(positional());
    }

    /** A cell of a row given by feature names (a JSON object): {@code value} is a Double, String or null. */
    public void named(String name, Object value) {
        if (columns.isEmpty()) {
            throw SkiffException.badRow(ErrorCode.UNKNOWN_FEATURE, row(), null, "feature '" + clip(name)
                    + "' given by name, but this model's features have no names; send each row as an array");
        }
        Integer column = columns.get(name);
        if (column == null) {
            throw SkiffException.badRow(ErrorCode.UNKNOWN_FEATURE, row(), null, "unknown feature '" + clip(name)
                    + "'; the model's features are " + clip(names.toString()));
        }
        if (!named) {
            if (count > 0) {
                throw mixed();
            }
            named = true;
            ensureCapacity(width);
            Arrays.fill(denseCells, 0, width, Float.NaN); // a feature left out is missing
            Arrays.fill(cells, 0, width, null);
        }
        if (value == null) {
            storeMissing(column);
        } else if (value instanceof Double d) {
            store(column, d);
        } else {
            storeText(column, (String) value);
        }
    }

    private void store(int at, double value) {
        if (numeric) {
            denseCells[at] = (float) value;
        } else {
            cells[at] = value;
        }
    }

    private void storeText(int at, String value) {
        if (value.isBlank()) {
            storeMissing(at);
            return;
        }
        double number;
        try {
            number = Numbers.parse(value);
        } catch (NumberFormatException e) {
            if (numeric) {
                throw SkiffException.badRow(ErrorCode.NOT_A_NUMBER, row(), column(at), "'" + clip(value)
                        + "' is not a number");
            }
            cells[at] = value;
            return;
        }
        store(at, number);
    }

    private void storeMissing(int at) {
        if (numeric) {
            denseCells[at] = Float.NaN;
        } else {
            cells[at] = null;
        }
    }

    /** Ends the current row: checks its width and adds it to the batch. */
    public void endRow() {
        int got = named ? width : count;
        if (width == InputSchema.ANY) {
            width = got;
        } else if (got != width) {
            throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, row(), null,
                    got + " features, expected " + width);
        }
        append();
        count = 0;
        named = false;
        rowsDone++;
        if (rowsInBatch == batchRows) {
            emit();
        }
    }

    /** Hands the last, partial batch to the sink. */
    public void flush() {
        if (rowsInBatch > 0) {
            if (numeric && dense.length != rowsInBatch * width) {
                dense = Arrays.copyOf(dense, rowsInBatch * width);
            }
            emit();
        }
    }

    private int positional() {
        if (named) {
            throw mixed();
        }
        ensureCapacity(count + 1);
        return count++;
    }

    private void ensureCapacity(int size) {
        if (size > denseCells.length) {
            int grown = Math.max(size, denseCells.length * 2);
            denseCells = Arrays.copyOf(denseCells, grown);
            cells = Arrays.copyOf(cells, grown);
        }
    }

    private SkiffException mixed() {
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, row(), null,
                "a row is either an array of values or an object of named features, not both");
    }

    private void append() {
        if (rowsInBatch == 0) {
            batchFirstRow = rowsDone + 1;
            if (numeric) {
                dense = new float[batchRows * width];
            } else {
                rows = new ArrayList<>(Math.min(batchRows, 1024));
            }
        }
        if (numeric) {
            System.arraycopy(denseCells, 0, dense, rowsInBatch * width, width);
        } else {
            rows.add(Arrays.copyOf(cells, width));
        }
        rowsInBatch++;
    }

    private void emit() {
        Batch batch = numeric ? Batch.dense(batchFirstRow, dense, width) : Batch.rows(batchFirstRow, rows, width);
        dense = null;
        rows = null;
        rowsInBatch = 0;
        sink.accept(batch);
    }

    private String column(int index) {
        return index < names.size() ? names.get(index) : Integer.toString(index + 1);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
