package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One training channel's rows, read whole (XGBoost trains in memory): label first, then features, from CSV
 * ({@code label,f1,f2,...}, no header, empty cell = missing), libsvm ({@code label idx:value ...}, absent index =
 * missing) or RecordIO-protobuf ({@link RecordIoRows}). Rows are kept sparse so libsvm data stays as small as it is;
 * CSV cells that are empty are simply absent. A CSV channel is as wide as its widest row, empty cells included, so a
 * model is served rows of the width it was trained on even when a last column is empty throughout.
 *
 * <p>Instance weights, as SageMaker's XGBoost reads them: with {@code csv_weights=1} the CSV column after the label
 * is the weight; a libsvm label may carry one as {@code label:weight} (rows without one weigh 1). A weight that is
 * not a number, not finite or negative fails naming the source and line: a weight is never dropped.
 *
 * <p>libsvm indices follow Skiff's one rule (the same in serving): 1-based when the smallest index in the data is
 * at least 1, else 0-based. For a validation channel the training channel's base is imposed, so both channels
 * number features the same way.
 */
final class TrainingData {
    private final FloatList labels = new FloatList();
    private final IntList rowStarts = new IntList();
    private final IntList indices = new IntList();
    private final FloatList values = new FloatList();
    private FloatList weights;
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = -1;
    private int declaredWidth = -1;         // CSV: columns of the widest row; RecordIO: every record's width
    private final ContentTypes.Format format;
    private final boolean csvWeights;

    /** @param csvWeights {@code csv_weights=1}: the CSV column after the label is the weight (ignored for libsvm) */
    TrainingData(ContentTypes.Format format, boolean csvWeights) {
        if (!format.readable()) {
            throw new IllegalArgumentException(format + " is not read");
        }
        this.format = format;
        this.csvWeights = csvWeights && format == ContentTypes.Format.CSV;
        rowStarts.add(0);
    }

    /**
     * Every row of {@code channel}'s sources. A channel may have none: what that means is the job's to say (on one
     * host a failure, on one of several a host that sits out; see {@link Collective#join}).
     */
    static TrainingData read(XGBoostTraining.Channel channel, ContentTypes.Format format, boolean csvWeights)
            throws IOException {
        TrainingData data = new TrainingData(format, csvWeights);
        channel.forEachSource((source, in) -> data.read(in, source));
        return data;
    }

    /** Adds every row of {@code in}; {@code source} names it in error messages. */
    void read(InputStream in, String source) throws IOException {
        if (format == ContentTypes.Format.RECORDIO_PROTOBUF) {
            new RecordIoRows(this).read(in, source);
            return;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        long lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                if (format == ContentTypes.Format.CSV) {
                    csvRow(line);
                } else {
                    libsvmRow(line);
                }
            } catch (IllegalArgumentException e) {
                throw new TrainingException(source + " line " + lineNo + ": " + e.getMessage() + "; expected "
                        + expected() + (format == ContentTypes.Format.LIBSVM && line.contains(",")
                        ? " (CSV? set the channel's ContentType to text/csv: without one it is libsvm)" : ""), e);
            }
        }
    }

    private String expected() {
        if (format == ContentTypes.Format.LIBSVM) {
            return "label[:weight] index:value ...";
        }
        return csvWeights ? "label,weight,f1,f2,... without a header (csv_weights=1)"
                : "label,f1,f2,... without a header";
    }

    private void csvRow(String line) {
        String[] cells = line.split(",", -1);
        float label = number(cells[0], "label");
        int first = 1;
        if (csvWeights) {
            if (cells.length < 2) {
                throw new IllegalArgumentException("no weight column after the label");
            }
            weight(cells[1]);
            first = 2;
        }
        labels.add(label);
        declaredWidth = Math.max(declaredWidth, cells.length - first);
        for (int c = first; c < cells.length; c++) {
            String cell = cells[c].trim();
            if (!cell.isEmpty()) {
                add(c - first, number(cell, "column " + (c + 1)));
            }
        }
        endRow();
    }

    private void libsvmRow(String line) {
        String[] items = line.trim().split("\\s+");
        String label = items[0];
        int colon = label.indexOf(':');
        float value = number(colon < 0 ? label : label.substring(0, colon), "label");
        if (colon >= 0) {
            weight(label.substring(colon + 1));
        } else if (weights != null) {
            weights.add(1f);
        }
        labels.add(value);
        for (int i = 1; i < items.length; i++) {
            if (items[i].startsWith("#")) {
                break;
            }
            int sep = items[i].indexOf(':');
            if (sep < 0) {
                throw new IllegalArgumentException("'" + items[i] + "' is not index:value");
            }
            int index = index(items[i].substring(0, sep));
            add(index, number(items[i].substring(sep + 1), "feature " + index));
        }
        endRow();
    }

    /** Records this row's weight; the rows before the first weighted one weigh 1. */
    private void weight(String text) {
        float w;
        try {
            w = Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("weight '" + text.trim() + "' is not a number");
        }
        if (!Float.isFinite(w)) {
            throw new IllegalArgumentException("weight '" + text.trim() + "' is not a finite number");
        }
        if (w < 0) {
            throw new IllegalArgumentException("weight " + text.trim() + " is negative; instance weights must be"
                    + " 0 or more");
        }
        if (weights == null) {
            weights = new FloatList();
            for (int r = 0; r < labels.size(); r++) {
                weights.add(1f);
            }
        }
        weights.add(w);
    }

    private static float number(String text, String what) {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a number");
        }
    }

    private static int index(String text) {
        int index;
        try {
            index = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("index '" + text + "' is not a whole number");
        }
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        return index;
    }

    /** Starts a row read from a record (RecordIO): its label; then {@link #add} its values and {@link #endRow}. */
    void label(float label) {
        labels.add(label);
    }

    /** RecordIO: the width of the records read so far, -1 before the first. */
    int declaredWidth() {
        return declaredWidth;
    }

    void declareWidth(int width) {
        declaredWidth = width;
    }

    void add(int column, float value) {
        indices.add(column);
        values.add(value);
        minIndex = Math.min(minIndex, column);
        maxIndex = Math.max(maxIndex, column);
    }

    void endRow() {
        rowStarts.add(indices.size());
    }

    int rows() {
        return labels.size();
    }

    /** The libsvm base this data implies: 1 when every index is at least 1 (or there is none), else 0. */
    int impliedBase() {
        return format == ContentTypes.Format.LIBSVM && minIndex >= 1 ? 1 : 0;
    }

    /**
     * Features per row under {@code base}: CSV's widest row, a RecordIO record's width, or libsvm's largest index
     * shifted by base.
     */
    int width(int base) {
        return Math.max(declaredWidth, maxIndex < 0 ? 0 : maxIndex + 1 - base);
    }

    /**
     * A DMatrix of these rows, features numbered from {@code base} ({@link #impliedBase()} for the training channel,
     * the training channel's for validation), {@code width} columns wide.
     */
    DMatrix toDMatrix(int base, int width, String channel) throws XGBoostError {
        if (rows() == 0) {
            throw new TrainingException("channel '" + channel + "' has no rows");
        }
        if (format == ContentTypes.Format.LIBSVM && minIndex < base) {
            throw new TrainingException("channel '" + channel + "' has libsvm index " + minIndex
                    + " but the train channel is 1-based (its smallest index is at least 1): number both alike");
        }
        if (width(base) > width) {
            throw new TrainingException("channel '" + channel + "' has " + width(base)
                    + " features; the train channel has " + width);
        }
        long[] starts = Arrays.stream(rowStarts.toArray()).asLongStream().toArray();
        int[] cols = indices.toArray();
        if (base != 0) {
            for (int i = 0; i < cols.length; i++) {
                cols[i] -= base;
            }
        }
        DMatrix matrix = new DMatrix(starts, cols, values.toArray(), DMatrix.SparseType.CSR, width, Float.NaN, 0);
        matrix.setLabel(labels.toArray());
        if (weights != null) {
            matrix.setWeight(weights.toArray());
        }
        return matrix;
    }

    /** This channel's rows followed by {@code other}'s (k-fold training reads train and validation as one). */
    TrainingData concat(TrainingData other) {
        TrainingData all = new TrainingData(format, csvWeights);
        all.append(this);
        all.append(other);
        return all;
    }

    private void append(TrainingData data) {
        if (data.weights != null && weights == null) {
            weights = new FloatList();
            for (int r = 0; r < rows(); r++) {
                weights.add(1f);
            }
        }
        int offset = indices.size();
        for (int r = 0; r < data.rows(); r++) {
            labels.add(data.labels.get(r));
            rowStarts.add(offset + data.rowStarts.get(r + 1));
            if (weights != null) {
                weights.add(data.weights == null ? 1f : data.weights.get(r));
            }
        }
        for (int i = 0; i < data.indices.size(); i++) {
            indices.add(data.indices.get(i));
            values.add(data.values.get(i));
        }
        minIndex = Math.min(minIndex, data.minIndex);
        maxIndex = Math.max(maxIndex, data.maxIndex);
        declaredWidth = Math.max(declaredWidth, data.declaredWidth);
    }
}
