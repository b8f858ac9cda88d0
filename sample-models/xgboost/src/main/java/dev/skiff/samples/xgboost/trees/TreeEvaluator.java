package dev.skiff.samples.xgboost.trees;

import java.io.IOException;
import java.util.Arrays;

/**
 * Predicts with an XGBoost tree model in plain Java, equal to XGBoost 1.7's CPU predictor: the same trees in the same
 * order, summed in float32 from the objective's base margin, a missing value (NaN) taking its node's default
 * direction, then the objective's transform. Rows go through the trees in blocks of {@value #BLOCK} (as XGBoost
 * does), so that a block's walks through one tree overlap in memory; a call allocates its output and a block's
 * scratch, nothing per row. Immutable and safe to call from many threads at once.
 *
 * <p>What it serves: {@code gbtree} boosters with numerical splits, one value per leaf, and the objectives of
 * XGBoost 1.7 (see {@link Link}). Anything else is an {@link UnsupportedModelException} at {@link #compile}, for
 * the caller to serve with XGBoost itself.
 */
public final class TreeEvaluator {
    static final int BLOCK = Forest.MAX_ROWS;

    private final Forest forest;
    private final Link link;
    private final String objective;
    private final int numFeature;
    private final int groups;
    private final float baseMargin;

    private TreeEvaluator(Forest forest, Link link, String objective, int numFeature, int groups, float baseMargin) {
        this.forest = forest;
        this.link = link;
        this.objective = objective;
        this.numFeature = numFeature;
        this.groups = groups;
        this.baseMargin = baseMargin;
    }

    /**
     * Compiles an XGBoost JSON model ({@code Booster.toByteArray("json")}).
     *
     * @param rounds predict with the first {@code rounds} boosting rounds, XGBoost's {@code iteration_range(0,
     *               rounds)} (each round is one tree per class, times {@code num_parallel_tree}); 0 uses every
     *               tree. Python xgboost 1.x's {@code ntree_limit} (a pickled model's {@code best_ntree_limit}) is
     *               {@code ntree_limit / num_parallel_tree} rounds.
     * @throws UnsupportedModelException the model needs something this evaluator does not do
     * @throws IOException               the bytes are not an XGBoost JSON model
     * @throws IllegalArgumentException  more rounds than the model has (XGBoost refuses too)
     */
    public static TreeEvaluator compile(byte[] json, int rounds) throws IOException, UnsupportedModelException {
        ModelJson.Model m = ModelJson.read(json);
        if (!m.booster().equals("gbtree")) {
            throw new UnsupportedModelException("booster " + m.booster());
        }
        Link link = Link.of(m.objective()).orElseThrow(
                () -> new UnsupportedModelException("objective " + m.objective()));
        int groups = Math.max(1, Math.max(m.numClass(), m.numTarget()));
        int count = treesWithin(m, rounds, groups);
        for (int t = 0; t < count; t++) {
            ModelJson.Tree tree = m.trees().get(t);
            if (tree.categorical()) {
                throw new UnsupportedModelException("categorical splits (tree " + t + ")");
            }
            if (tree.sizeLeafVector() > 1) {
                throw new UnsupportedModelException("multi-target trees (a vector in each leaf)");
            }
            if (m.treeInfo()[t] < 0 || m.treeInfo()[t] >= groups) {
                throw new IOException("tree " + t + " belongs to group " + m.treeInfo()[t] + " of " + groups);
            }
        }
        Forest forest = Forest.flatten(m.trees(), count, m.treeInfo(), m.numFeature());
        return new TreeEvaluator(forest, link, m.objective(), m.numFeature(), groups,
                link.margin(baseScore(m.baseScore())));
    }

    /** How many leading trees the first {@code rounds} boosting rounds hold. */
    private static int treesWithin(ModelJson.Model m, int rounds, int groups) throws IOException {
        int total = m.trees().size();
        if (m.treeInfo().length != total) {
            throw new IOException("tree_info has " + m.treeInfo().length + " entries for " + total + " trees");
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("a round limit of " + rounds);
        }
        if (rounds == 0) {
            return total;
        }
        int perRound = groups * Math.max(1, m.numParallelTree());
        int[] indptr = m.iterationIndptr();
        int available = indptr.length > 0 ? indptr.length - 1 : total / perRound;
        if (rounds > available) {
            throw new IllegalArgumentException("a round limit of " + rounds + "; the model has " + available
                    + " rounds");
        }
        return indptr.length > 0 ? indptr[rounds] : rounds * perRound;
    }

    /** XGBoost 3.1+ writes {@code "[5E-1]"}: one value per output; one value is all this evaluator takes. */
    private static float baseScore(String text) throws UnsupportedModelException {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            String[] values = t.substring(1, t.length() - 1).split(",");
            if (Arrays.stream(values).map(String::trim).distinct().count() != 1) {
                throw new UnsupportedModelException("base_score " + text + " (one value per output)");
            }
            t = values[0].trim();
        }
        return Float.parseFloat(t);
    }

    /** Features per row. */
    public int numFeature() {
        return numFeature;
    }

    /** Values per predicted row: the classes for {@code multi:softprob}, 1 for most objectives. */
    public int outputWidth() {
        return link.outputWidth(groups);
    }

    /** For the log: objective, trees, nodes, depth. */
    public String describe() {
        return objective + ", " + forest.trees() + " trees, " + forest.nodes() + " nodes, depth up to "
                + forest.maxDepth();
    }

    /**
     * Predicts {@code rows} rows of {@code x} (row-major, {@link #numFeature} values each, NaN = missing).
     *
     * @return {@code rows * outputWidth()} values, row-major
     */
    public float[] predict(float[] x, int rows) {
        if ((long) rows * numFeature > x.length) {
            throw new IllegalArgumentException(rows + " rows of " + numFeature + " features need "
                    + (long) rows * numFeature + " values; got " + x.length);
        }
        int width = outputWidth();
        float[] out = new float[rows * width];
        float[] margins = new float[BLOCK * groups];
        float[] scratch = new float[forest.scratchLength(Math.min(BLOCK, rows))];
        for (int first = 0; first < rows; first += BLOCK) {
            int n = Math.min(BLOCK, rows - first);
            Arrays.fill(margins, 0, n * groups, baseMargin);
            forest.accumulate(x, first, n, margins, groups, scratch);
            link.transform(margins, n, groups, out, first * width);
        }
        return out;
    }
}
