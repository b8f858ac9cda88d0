package dev.skiff.spi;

import java.util.List;

/**
 * A run of consecutive rows from one request, in input order.
 *
 * <p>Dense batches ({@link InputSchema#numeric()} models) hold {@code size * width} floats in row-major order with
 * NaN for a missing value: exactly what XGBoost's in-place predict takes, with no per-cell objects. General batches
 * hold one {@code Object[]} per row whose cells are {@link Double}, {@link String} or {@code null} (missing).
 *
 * <p>A batch is handed to one model thread; it is not shared and may be read without synchronisation. Its rows come
 * from one request, whose {@link #context()} it carries.
 */
public final class Batch {
    private final long firstRow;
    private final int size;
    private final int width;
    private final float[] dense;
    private final List<Object[]> rows;
    private final RequestContext context;

    private Batch(long firstRow, int size, int width, float[] dense, List<Object[]> rows, RequestContext context) {
        if (size <= 0) {
            throw new IllegalArgumentException("a batch has at least one row");
        }
        this.firstRow = firstRow;
        this.size = size;
        this.width = width;
        this.dense = dense;
        this.rows = rows;
        this.context = context;
    }

    /** A dense batch of {@code values.length / width} rows; {@code values} is used as is, not copied. */
    public static Batch dense(long firstRow, float[] values, int width) {
        if (width <= 0 || values.length % width != 0) {
            throw new IllegalArgumentException(values.length + " values do not make rows of " + width);
        }
        return new Batch(firstRow, values.length / width, width, values, null, RequestContext.NONE);
    }

    /** A general batch; every row has {@code width} cells. The list is used as is, not copied. */
    public static Batch rows(long firstRow, List<Object[]> rows, int width) {
        return new Batch(firstRow, rows.size(), width, null, rows, RequestContext.NONE);
    }

    /** The same rows, from the request {@code context} describes (the rows are shared, not copied). */
    public Batch withContext(RequestContext context) {
        return new Batch(firstRow, size, width, dense, rows, java.util.Objects.requireNonNull(context, "context"));
    }

    /** The request these rows come from; {@link RequestContext#NONE} outside the server. */
    public RequestContext context() {
        return context;
    }

    /** The 1-based number of this batch's first row within its request. */
    public long firstRow() {
        return firstRow;
    }

    /** The 1-based request row number of row {@code i} of this batch: use it in error messages. */
    public long rowNumber(int i) {
        return firstRow + i;
    }

    public int size() {
        return size;
    }

    /** Features per row. */
    public int width() {
        return width;
    }

    public boolean isDense() {
        return dense != null;
    }

    /** The row-major values of a dense batch ({@code size * width}, NaN = missing). */
    public float[] dense() {
        if (dense == null) {
            throw new IllegalStateException("not a dense batch; use row(i)");
        }
        return dense;
    }

    /** Row {@code i} as cells: for a dense batch, a new array of {@link Double} (NaN as {@code null}). */
    public Object[] row(int i) {
        if (rows != null) {
            return rows.get(i);
        }
        Object[] cells = new Object[width];
        for (int c = 0; c < width; c++) {
            float v = dense[i * width + c];
            cells[c] = Float.isNaN(v) ? null : (Object) (double) v;
        }
        return cells;
    }

    /** Cell {@code (i, c)} as a number: NaN when missing; a {@link SkiffException} when it is not a number. */
    public double number(int i, int c) {
        if (dense != null) {
            return dense[i * width + c];
        }
        Object cell = rows.get(i)[c];
        if (cell == null) {
            return Double.NaN;
        }
        if (cell instanceof Double d) {
            return d;
        }
        String got = "'" + cell + "'";
        throw SkiffException.mismatch(ErrorCode.NOT_A_NUMBER, rowNumber(i), String.valueOf(c + 1),
                got + " is not a number", "a number", got);
    }
}
