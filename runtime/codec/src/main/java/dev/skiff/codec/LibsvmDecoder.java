package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code text/libsvm} and {@code text/x-libsvm}: one row per line (LF or CRLF), {@code [label] index:value ...}
 * separated by spaces or tabs. A first token without a colon (the label of a training file) is ignored, {@code #}
 * starts a comment, blank lines are skipped, and an absent index is a missing value (NaN), never 0. Rows go to the
 * collector as dense rows of the model's width.
 *
 * <p>Indices are 1-based when the smallest index in the whole payload is at least 1, else 0-based: the rule
 * training uses too, so a model is served with the numbering it was trained with. It needs the whole payload, so
 * the decoder holds the rows it has read as sparse (index, value) pairs until an index 0 settles the base (the held
 * rows then go out and the rest streams) or the body ends. A pair takes 8 bytes and at least 4 of text
 * ({@code 1:2 }), so what is held stays under about twice the body, which the payload limit caps (413 beyond it).
 * Only the unfinished last line is kept as bytes (by the {@link LineFramer}), never more than {@code maxRowBytes}.
 */
final class LibsvmDecoder implements RecordDecoder, LineFramer.Records {
    private final RowCollector rows;
    private final int width;
    private final int maxRowBytes;
    private final LineFramer framer;

    private int base = -1;            // 1 or 0 once settled, -1 before
    private long lines;               // rows read so far, held or emitted (for error messages)
    private int[] index = new int[256];
    private float[] value = new float[256];
    private int pairs;                // pairs held
    private int rowStart;             // where the current row's pairs start
    private int[] rowEnds = new int[64];
    private int heldRows;             // complete rows held (base not settled yet)
    private final DecimalParser parser = new DecimalParser();
    private final float[] dense;
    private final long[] setInRow;    // per column: the row that last set it (catches an index given twice)

    /** @param width the model's features per row (a libsvm row does not say how wide it is) */
    LibsvmDecoder(RowCollector rows, int width, int maxRowBytes) {
        this.rows = rows;
        this.width = width;
        this.maxRowBytes = maxRowBytes;
        this.dense = new float[width];
        this.setInRow = new long[width];
        this.framer = new LineFramer(this, maxRowBytes);
    }

    @Override
    public void decode(ByteBuffer input) {
        framer.feed(input);
    }

    @Override
    public void finish() {
        framer.finish();
        if (base < 0) {
            base = 1; // no index 0 anywhere (or no pair at all): 1-based
            release(false);
        }
        rows.flush();
    }

    @Override
    public long line() {
        return framer.line();
    }

    @Override
    public void record(byte[] buf, int from, int to) {
        int i = skipBlank(buf, from, to);
        if (i == to || buf[i] == '#') {
            return; // blank or comment: not a row
        }
        long row = ++lines;
        rowStart = pairs;
        boolean first = true;
        while (i < to && buf[i] != '#') {
            int tokenEnd = i;
            int colon = -1;
            while (tokenEnd < to && !isBlank(buf[tokenEnd])) {
                if (buf[tokenEnd] == ':' && colon < 0) {
                    colon = tokenEnd;
                }
                tokenEnd++;
            }
            if (colon >= 0) {
                pair(buf, row, i, colon, tokenEnd);
            } else if (!first) {
                throw bad(row, "'" + text(buf, i, tokenEnd) + "' is not index:value");
            }
            first = false;
            i = skipBlank(buf, tokenEnd, to);
        }
        if (base >= 0) {
            emit(row, rowStart, pairs);
            pairs = rowStart;
        } else {
            if (heldRows == rowEnds.length) {
                rowEnds = Arrays.copyOf(rowEnds, heldRows * 2);
            }
            rowEnds[heldRows++] = pairs;
        }
    }

    private void pair(byte[] buf, long row, int from, int colon, int to) {
        if (colon == from) {
            throw bad(row, "'" + text(buf, from, to) + "' has no index");
        }
        long idx = 0;
        for (int k = from; k < colon; k++) {
            if (buf[k] < '0' || buf[k] > '9') {
                throw bad(row, "'" + text(buf, from, colon) + "' is not a feature index");
            }
            idx = idx * 10 + (buf[k] - '0');
            if (idx > width) { // beyond the model whichever the base
                throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, row, text(buf, from, colon),
                        "feature index " + text(buf, from, colon) + " is beyond the model's " + width + " features");
            }
        }
        if (!parser.parse(buf, colon + 1, to)) {
            throw SkiffException.badRow(ErrorCode.NOT_A_NUMBER, row, text(buf, from, colon),
                    "'" + text(buf, colon + 1, to) + "' is not a number");
        }
        float v = (float) parser.value();
        if (Float.isInfinite(v)) {
            String got = text(buf, colon + 1, to);
            throw SkiffException.mismatch(ErrorCode.NOT_A_NUMBER, row, text(buf, from, colon),
                    got + " is not a finite 32-bit number", "a finite 32-bit number", got);
        }
        if (pairs == index.length) {
            index = Arrays.copyOf(index, pairs * 2);
            value = Arrays.copyOf(value, pairs * 2);
        }
        index[pairs] = (int) idx;
        value[pairs++] = v;
        if (idx == 0 && base < 0) {
            base = 0;
            release(true);
        }
    }

    /**
     * The base is settled: emits the complete rows held. {@code midRow}: an index 0 of the current, unfinished row
     * settled it; that row's pairs move to the front and the row streams on.
     */
    private void release(boolean midRow) {
        long row = lines - heldRows + (midRow ? 0 : 1);
        int from = 0;
        for (int r = 0; r < heldRows; r++) {
            emit(row + r, from, rowEnds[r]);
            from = rowEnds[r];
        }
        System.arraycopy(index, from, index, 0, pairs - from);
        System.arraycopy(value, from, value, 0, pairs - from);
        pairs -= from;
        rowStart = 0;
        heldRows = 0;
    }

    private void emit(long row, int from, int to) {
        Arrays.fill(dense, Float.NaN);
        for (int k = from; k < to; k++) {
            int c = index[k] - base;
            if (c >= width) {
                throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, row, String.valueOf(index[k]),
                        "feature index " + index[k] + " is beyond the model's " + width + " features (indices are "
                                + (base == 1 ? "1-based: no index 0 in the request" : "0-based") + ")");
            }
            if (setInRow[c] == row) {
                throw bad(row, "index " + index[k] + " given twice");
            }
            setInRow[c] = row;
            dense[c] = value[k];
        }
        for (int c = 0; c < width; c++) {
            if (Float.isNaN(dense[c])) {
                rows.missing();
            } else {
                rows.number(dense[c]);
            }
        }
        rows.endRow();
    }

    @Override
    public SkiffException tooLong() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, lines + 1, null,
                "longer than " + maxRowBytes + " bytes (SKIFF_MAX_ROW_BYTES)");
    }

    private static SkiffException bad(long row, String message) {
        return SkiffException.badRow(ErrorCode.INVALID_INPUT, row, null, message);
    }

    private static int skipBlank(byte[] buf, int i, int to) {
        while (i < to && isBlank(buf[i])) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static String text(byte[] buf, int from, int to) {
        String s = new String(buf, from, Math.min(to - from, 60), StandardCharsets.UTF_8);
        return to - from > 60 ? s + "..." : s;
    }
}
