package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One training channel's rows, read whole (XGBoost trains in memory): label first, then features, from CSV
 * ({@code label,f1,f2,...}, no header, empty cell = missing) or libsvm ({@code label idx:value ...}, absent index =
 * missing). Rows are kept sparse so libsvm data stays as small as it is; CSV cells that are empty are simply absent.
 *
 * <p>libsvm indices follow Skiff's one rule (the same in serving): 1-based when the smallest index in the data is
 * at least 1, else 0-based. For a validation channel the training channel's base is imposed, so both channels
 * number features the same way.
 */
final class TrainingData {
    enum Format { CSV, LIBSVM }

    private final FloatList labels = new FloatList();
    private final IntList rowStarts = new IntList();
    private final IntList indices = new IntList();
    private final FloatList values = new FloatList();
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = -1;
    private final Format format;

    TrainingData(Format format) {
        this.format = format;
        rowStarts.add(0);
    }

    static Format formatOf(String contentType) {
        String t = contentType == null ? "text/csv" : contentType.split(";")[0].trim().toLowerCase();
        return switch (t) {
            case "text/csv", "csv" -> Format.CSV;
            case "text/libsvm", "text/x-libsvm", "libsvm" -> Format.LIBSVM;
            default -> throw new IllegalArgumentException("content type '" + contentType
                    + "' is not supported for training; use text/csv (label first, no header) or text/libsvm");
        };
    }

    /** Adds every row of {@code in}; {@code source} names it in error messages. */
    void read(InputStream in, String source) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        long lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                if (format == Format.CSV) {
                    csvRow(line);
                } else {
                    libsvmRow(line);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": not a number (" + e.getMessage()
                        + "); expected " + (format == Format.CSV ? "label,f1,f2,... without a header"
                        : "label index:value ..."), e);
            }
        }
    }

    private void csvRow(String line) {
        String[] cells = line.split(",", -1);
        labels.add(Float.parseFloat(cells[0].trim()));
        for (int c = 1; c < cells.length; c++) {
            String cell = cells[c].trim();
            if (!cell.isEmpty()) {
                add(c - 1, Float.parseFloat(cell));
            }
        }
        endRow();
    }

    private void libsvmRow(String line) {
        String[] items = line.trim().split("\\s+");
        String label = items[0];
        int colon = label.indexOf(':');
        labels.add(Float.parseFloat(colon < 0 ? label : label.substring(0, colon))); // label:weight tolerated
        for (int i = 1; i < items.length; i++) {
            if (items[i].startsWith("#")) {
                break;
            }
            int sep = items[i].indexOf(':');
            if (sep < 0) {
                throw new NumberFormatException("'" + items[i] + "' is not index:value");
            }
            int index = Integer.parseInt(items[i].substring(0, sep));
            if (index < 0) {
                throw new NumberFormatException("negative index " + index);
            }
            add(index, Float.parseFloat(items[i].substring(sep + 1)));
        }
        endRow();
    }

    private void add(int column, float value) {
        indices.add(column);
        values.add(value);
        minIndex = Math.min(minIndex, column);
        maxIndex = Math.max(maxIndex, column);
    }

    private void endRow() {
        rowStarts.add(indices.size());
    }

    int rows() {
        return labels.size();
    }

    /** The libsvm base this data implies: 1 when every index is at least 1 (or there is none), else 0. */
    int impliedBase() {
        return format == Format.LIBSVM && minIndex >= 1 ? 1 : 0;
    }

    /** Features per row under {@code base}: CSV's widest row, or libsvm's largest index shifted by base. */
    int width(int base) {
        return maxIndex < 0 ? 0 : maxIndex + 1 - base;
    }

    /**
     * A DMatrix of these rows, features numbered from {@code base} ({@link #impliedBase()} for the training channel,
     * the training channel's for validation), {@code width} columns wide.
     */
    DMatrix toDMatrix(int base, int width, String channel) throws XGBoostError {
        if (rows() == 0) {
            throw new IllegalArgumentException("channel '" + channel + "' has no rows");
        }
        if (format == Format.LIBSVM && minIndex < base) {
            throw new IllegalArgumentException("channel '" + channel + "' has libsvm index " + minIndex
                    + " but the train channel is 1-based (its smallest index is at least 1): number both alike");
        }
        if (width(base) > width) {
            throw new IllegalArgumentException("channel '" + channel + "' has " + width(base)
                    + " features; the train channel has " + width);
        }
        long[] starts = java.util.Arrays.stream(rowStarts.toArray()).asLongStream().toArray();
        int[] cols = indices.toArray();
        if (base != 0) {
            for (int i = 0; i < cols.length; i++) {
                cols[i] -= base;
            }
        }
        DMatrix matrix = new DMatrix(starts, cols, values.toArray(), DMatrix.SparseType.CSR, width, Float.NaN, 0);
        matrix.setLabel(labels.toArray());
        return matrix;
    }

    /** A growable int array: rows of millions of cells should not be boxed. */
    static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
