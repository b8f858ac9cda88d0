package dev.skiff.exec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Predictions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How {@link MicroBatcher} puts the rows of several requests into one batch and hands the predictions back. */
final class Merging {
    private Merging() {
    }

    /** Whether the batches are all dense or all general, with one width: rows that make one batch. */
    static boolean canMerge(List<Batch> batches) {
        Batch first = batches.get(0);
        for (Batch b : batches) {
            if (b.isDense() != first.isDense() || b.width() != first.width()) {
                return false;
            }
        }
        return true;
    }

    static int rows(List<Batch> batches) {
        int rows = 0;
        for (Batch b : batches) {
            rows += b.size();
        }
        return rows;
    }

    /**
     * The rows of {@code batches} in order, as one batch numbered from 1 and of no one request's context (see
     * {@code Model.acceptsMergedBatches}).
     */
    static Batch merge(List<Batch> batches) {
        int width = batches.get(0).width();
        if (batches.get(0).isDense()) {
            float[] values = new float[rows(batches) * width];
            int at = 0;
            for (Batch b : batches) {
                float[] dense = b.dense();
                System.arraycopy(dense, 0, values, at, b.size() * width);
                at += b.size() * width;
            }
            return Batch.dense(1, values, width);
        }
        List<Object[]> rows = new ArrayList<>(rows(batches));
        for (Batch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                rows.add(b.row(i));
            }
        }
        return Batch.rows(1, rows, width);
    }

    /**
     * Predictions {@code [from, from + n)} of a merged answer, as an answer of their own, with the merged answer's
     * custom attributes.
     */
    static Predictions slice(Predictions all, int from, int n) {
        Predictions part;
        if (all.isDense()) {
            int width = all.width();
            float[] scores = Arrays.copyOfRange(all.scores(), from * width, (from + n) * width);
            part = all.names().isEmpty() ? Predictions.scores(scores, width) : Predictions.named(scores, all.names());
        } else {
            List<Object> values = new ArrayList<>(n);
            for (int i = from; i < from + n; i++) {
                values.add(all.get(i));
            }
            part = Predictions.of(values);
        }
        return all.customAttributes().isEmpty() ? part : part.withCustomAttributes(all.customAttributes());
    }
}
