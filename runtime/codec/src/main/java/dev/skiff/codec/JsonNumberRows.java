package dev.skiff.codec;

import java.util.Arrays;

/**
 * The common JSON batch, rows that are arrays of numbers ({@code {"instances": [[1.5, 2], [3, 4], ...]}}), read
 * straight from the bytes: with Jackson's non-blocking tokenizer reading every row, even with its fast double parser,
 * the load test's JSON body took about half again as much CPU time (A/B on the shared machine, thread CPU time).
 *
 * <p>{@link JsonDecoder} calls {@link #read} right after Jackson ended a row of an array of rows, at Jackson's
 * position in the bytes it was fed; Jackson then expects a comma and the next row, or the end of the array. This
 * reads the units {@code , [number, ...]} that follow, as long as each is complete in these bytes, valid JSON, made
 * of numbers only and within the row limit; hands their cells to the {@link RowCollector} exactly as
 * {@link JsonRows} would; and overwrites their bytes with spaces (line ends kept), which Jackson skips quickly and
 * counts as before, so its state, positions and error messages are what they would have been. Anything else (the
 * end of the array, a string, {@code null}, an object row, a row cut by the end of the bytes) is left to Jackson.
 */
final class JsonNumberRows {
    /** Longer numbers are left to Jackson, which enforces its own limit on a number's length. */
    private static final int MAX_NUMBER_CHARS = 64;

    private final RowCollector rows;
    private final int maxRowBytes;
    private final DecimalParser parser = new DecimalParser();
    private double[] cells = new double[32];
    private int count; // cells of the last unit read
    private boolean lineEnds; // the last unit held a CR or LF (between its tokens)

    JsonNumberRows(RowCollector rows, int maxRowBytes) {
        this.rows = rows;
        this.maxRowBytes = maxRowBytes;
    }

    /** Reads the rows that follow at {@code b[from, to)} and blanks their bytes; see the class comment. */
    void read(byte[] b, int from, int to) {
        int i = from;
        int end;
        while ((end = unit(b, i, to)) >= 0) {
            for (int c = 0; c < count; c++) {
                rows.number(cells[c]);
            }
            rows.endRow();
            if (!lineEnds) {
                Arrays.fill(b, i, end, (byte) ' ');
                i = end;
            }
            for (; i < end; i++) {
                if (b[i] != '\n' && b[i] != '\r') {
                    b[i] = ' ';
                }
            }
        }
    }

    /** Reads {@code , [number, ...]} at {@code b[i]} into {@link #cells}; the index after it, or -1. */
    private int unit(byte[] b, int i, int to) {
        lineEnds = false;
        i = blank(b, i, to);
        if (i >= to || b[i] != ',') {
            return -1;
        }
        i = blank(b, i + 1, to);
        if (i >= to || b[i] != '[') {
            return -1;
        }
        int rowStart = i;
        count = 0;
        while (true) {
            i = blank(b, i + 1, to); // past '[' or ','
            int end = number(b, i, to);
            if (end < 0) {
                return -1;
            }
            if (count == cells.length) {
                cells = Arrays.copyOf(cells, count * 2);
            }
            cells[count++] = parser.value();
            i = blank(b, end, to);
            if (i >= to) {
                return -1;
            }
            if (b[i] == ']') {
                return i + 1 - rowStart > maxRowBytes ? -1 : i + 1; // a row over the limit: Jackson's error
            }
            if (b[i] != ',') {
                return -1;
            }
        }
    }

    /**
     * A JSON number at {@code b[i]}, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, followed by another
     * byte within {@code to}: its value in the parser, and the index after it; else -1. The parser reads a wider
     * grammar; what JSON does not allow of it (a plus sign, a leading zero or point, a point without digits after
     * it) is refused here.
     */
    private int number(byte[] b, int i, int to) {
        int end = parser.number(b, i, to);
        if (end < 0 || end >= to || end - i > MAX_NUMBER_CHARS) {
            return -1; // not a number, or one that may go on in bytes not yet here
        }
        int digit = b[i] == '-' ? i + 1 : i;
        if (!isDigit(b[digit]) || b[digit] == '0' && isDigit(b[digit + 1])) {
            return -1;
        }
        int point = digit;
        while (isDigit(b[point])) {
            point++;
        }
        return b[point] == '.' && !isDigit(b[point + 1]) ? -1 : end;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Past JSON's whitespace, noting line ends. */
    private int blank(byte[] b, int i, int to) {
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                lineEnds = true;
            } else if (c != ' ' && c != '\t') {
                return i;
            }
        }
        return i;
    }
}
