package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * The rows of each fold of a repeated k-fold split, as scikit-learn's {@code RepeatedKFold} (regression) and
 * {@code RepeatedStratifiedKFold} (classification: each class spread evenly over the folds) make them for the
 * container's {@code _kfold}/{@code _num_cv_round}. Unlike the container's (unseeded) split, this one is seeded
 * with the job's {@code seed}, so a resumed job trains every fold on the rows it trained on before.
 */
final class FoldSplits {
    /** One fold: the rows it trains on and the rows it leaves out (and predicts), both ascending. */
    record Fold(int[] train, int[] test) {
    }

    private FoldSplits() {
    }

    /** {@code folds} folds of {@code labels.length} rows, repeated {@code repeats} times: folds x repeats folds. */
    static List<Fold> of(float[] labels, int folds, int repeats, boolean stratified, long seed) {
        int rows = labels.length;
        if (rows < folds) {
            throw new TrainingException("_kfold=" + folds + " needs at least " + folds + " rows; train and validation"
                    + " hold " + rows);
        }
        List<Fold> out = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++) {
            Random random = new Random(seed * 1_000_003L + repeat);
            int[] foldOf = stratified ? stratified(labels, folds, random) : plain(rows, folds, random);
            for (int fold = 0; fold < folds; fold++) {
                out.add(fold(foldOf, fold));
            }
        }
        return out;
    }

    /** Shuffled rows cut into folds of nearly equal size. */
    private static int[] plain(int rows, int folds, Random random) {
        int[] order = shuffled(range(rows), random);
        int[] foldOf = new int[rows];
        for (int i = 0; i < rows; i++) {
            foldOf[order[i]] = (int) ((long) i * folds / rows);
        }
        return foldOf;
    }

    /** Each class's rows shuffled and dealt round the folds in turn, one class after another. */
    private static int[] stratified(float[] labels, int folds, Random random) {
        TreeMap<Float, List<Integer>> byClass = new TreeMap<>();
        for (int r = 0; r < labels.length; r++) {
            byClass.computeIfAbsent(labels[r], k -> new ArrayList<>()).add(r);
        }
        int[] foldOf = new int[labels.length];
        int next = 0;
        for (List<Integer> members : byClass.values()) {
            int[] rows = shuffled(members.stream().mapToInt(Integer::intValue).toArray(), random);
            for (int row : rows) {
                foldOf[row] = next++ % folds;
            }
        }
        return foldOf;
    }

    private static Fold fold(int[] foldOf, int fold) {
        int[] test = range(foldOf.length);
        test = Arrays.stream(test).filter(r -> foldOf[r] == fold).toArray();
        int[] train = Arrays.stream(range(foldOf.length)).filter(r -> foldOf[r] != fold).toArray();
        return new Fold(train, test);
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] shuffled(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}
