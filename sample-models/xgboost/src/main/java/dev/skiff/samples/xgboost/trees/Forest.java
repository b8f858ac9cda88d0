package dev.skiff.samples.xgboost.trees;

import java.util.Arrays;
import java.util.List;

/**
 * Trees as flat arrays, and the loop that walks rows through them.
 *
 * <p>Each tree is renumbered breadth-first so that a node's right child directly follows its left one: a step goes to
 * the left child, or one node further when the row goes right. A leaf is its own left child, with a NaN threshold so
 * that no value moves it, which lets rows take the same number of steps through a tree (its depth) without testing for
 * leaves. Rows go through a tree {@value #LANES} at a time, their nodes held in eight local variables: the eight walks
 * are independent, so their loads overlap, and no node index goes through memory between steps (1.16x the rows/s of
 * stepping a block of rows through an array of node indexes, in {@code TreeEvaluatorBenchmark}). The last rows of a
 * block, and every row of a tree deeper than {@link #STEPPED_DEPTH}, are walked one by one to their leaf instead, so
 * that a few long branches do not make every row take their length.
 *
 * <p>A step is one comparison, {@code v >= threshold}, exactly XGBoost's {@code !(v < threshold)} for every value
 * that is not NaN. Missing values (NaN) never reach it: a row with one, and every row of a group of eight with one,
 * is walked through a copy made once per {@link #accumulate} call, twice as wide: in the first half each NaN is +Inf,
 * which goes right at every split; in the second half each NaN is -Inf, which goes left. A node whose missing values
 * go left reads its feature from the second half ({@link #dualNodes}). That is exact because no split compares with
 * NaN, nor with -Inf where missing values go left ({@link #flatten} refuses those). Rows without a missing value are
 * read in place. A step that tested for NaN itself cost a mispredicted branch per missing value: a 1,000-row call
 * with 5% of its values missing took 1.5x as long as one with none (docs/PERFORMANCE.md, "Third pass").
 */
final class Forest {
    static final int STEPPED_DEPTH = 12;
    static final int LANES = 8;
    /** Rows one {@link #accumulate} call takes at most: one bit each in a {@code long}. */
    static final int MAX_ROWS = 64;
    /** Ints a node takes in {@link #nodes}. */
    private static final int NODE = 4;

    private final int width;
    /**
     * Node {@code i} is {@code nodes[4 * i .. 4 * i + 3]}: where its left child starts ({@code 4 * left}), the column
     * it reads, its threshold's bits, its leaf value's bits; a walk holds a node as where it starts. One array, so
     * that a step's three reads share one bounds check: 1.16-1.27x the rows/s of separate arrays at 16 and 1,000 rows
     * a call in {@code TreeEvaluatorBenchmark} (0.88-0.95x at one row a call). {@code dualNodes} is the same with the
     * columns the copies are read at.
     */
    private final int[] nodes;
    private final int[] dualNodes;
    private final int[] roots;
    private final int[] depths;
    private final int[] groups;

    private Forest(int width, int[] nodes, int[] dualNodes, int[] roots, int[] depths, int[] groups) {
        this.width = width;
        this.nodes = nodes;
        this.dualNodes = dualNodes;
        this.roots = roots;
        this.depths = depths;
        this.groups = groups;
    }

    /** The first {@code count} trees, tree {@code t} adding to output group {@code treeGroup[t]}. */
    static Forest flatten(List<ModelJson.Tree> trees, int count, int[] treeGroup, int numFeature)
            throws UnsupportedModelException {
        int capacity = 0;
        for (int t = 0; t < count; t++) {
            capacity += trees.get(t).left().length;
        }
        Builder b = new Builder(capacity, count);
        for (int t = 0; t < count; t++) {
            b.add(t, trees.get(t), numFeature);
        }
        int[] roots = Arrays.stream(b.roots).map(root -> NODE * root).toArray();
        return new Forest(numFeature, b.pack(b.column), b.pack(b.dualColumn), roots, b.depths,
                Arrays.copyOf(treeGroup, count));
    }

    int trees() {
        return roots.length;
    }

    int nodes() {
        return nodes.length / NODE;
    }

    int maxDepth() {
        return Arrays.stream(depths).max().orElse(0);
    }

    /** Floats of scratch {@link #accumulate} needs for {@code rows} rows. */
    int scratchLength(int rows) {
        return Math.min(rows, MAX_ROWS) * 2 * width;
    }

    /**
     * Adds every tree's leaf value to {@code margins} ({@code stride} values per row, tree order) for rows
     * {@code first .. first + rows - 1} of {@code x} (the forest's width of values per row; at most {@value #MAX_ROWS}
     * rows), using {@code scratch} ({@link #scratchLength}) for the copies of rows with a missing value.
     */
    void accumulate(float[] x, int first, int rows, float[] margins, int stride, float[] scratch) {
        if (rows > MAX_ROWS) {
            throw new IllegalArgumentException(rows + " rows in one call; at most " + MAX_ROWS);
        }
        long copied = copyRowsWithMissingValues(x, first, rows, scratch);
        int dualWidth = 2 * width;
        for (int t = 0; t < roots.length; t++) {
            int root = roots[t];
            int g = groups[t];
            int r = 0;
            if (depths[t] <= STEPPED_DEPTH) {
                for (; r + LANES <= rows; r += LANES) {
                    if ((copied >>> r & 1) != 0) {
                        stepEight(scratch, r * dualWidth, dualWidth, dualNodes, root, depths[t], margins,
                                r * stride + g, stride);
                    } else {
                        stepEight(x, (first + r) * width, width, nodes, root, depths[t], margins, r * stride + g,
                                stride);
                    }
                }
            }
            for (; r < rows; r++) {
                margins[r * stride + g] += (copied >>> r & 1) != 0 ? walk(scratch, r * dualWidth, dualNodes, root)
                        : walk(x, (first + r) * width, nodes, root);
            }
        }
    }

    /**
     * Copies each row with a missing value, and every row of a group of eight that has one, into {@code scratch}
     * (row {@code r} at {@code r * 2 * width}: NaN as +Inf, then NaN as -Inf).
     *
     * @return bit {@code r} set: row {@code first + r} is to be read from its copy
     */
    private long copyRowsWithMissingValues(float[] x, int first, int rows, float[] scratch) {
        long missing = 0;
        for (int r = 0; r < rows; r++) {
            int base = (first + r) * width;
            boolean nan = false;
            for (int j = base; j < base + width; j++) {
                nan |= x[j] != x[j];
            }
            missing |= nan ? 1L << r : 0;
        }
        long copied = missing;
        for (int r = 0; r + LANES <= rows; r += LANES) {
            if ((missing >>> r & 0xFF) != 0) {
                copied |= 0xFFL << r;
            }
        }
        for (int r = 0; r < rows; r++) {
            if ((copied >>> r & 1) != 0) {
                int from = (first + r) * width;
                int to = r * 2 * width;
                for (int j = 0; j < width; j++) {
                    float v = x[from + j];
                    boolean nan = v != v;
                    scratch[to + j] = nan ? Float.POSITIVE_INFINITY : v;
                    scratch[to + width + j] = nan ? Float.NEGATIVE_INFINITY : v;
                }
            }
        }
        return copied;
    }

    /**
     * Walks the eight rows at {@code data[base]}, {@code data[base + rowStride]}, ... through one tree
     * {@code depth} steps at once through {@code packed} ({@link #nodes} or {@link #dualNodes}), their nodes in
     * registers, and adds each row's leaf value to {@code margins[at + k * stride]}.
     */
    private void stepEight(float[] data, int base, int rowStride, int[] packed, int root, int depth,
                           float[] margins, int at, int stride) {
        int b0 = base;
        int b1 = b0 + rowStride;
        int b2 = b1 + rowStride;
        int b3 = b2 + rowStride;
        int b4 = b3 + rowStride;
        int b5 = b4 + rowStride;
        int b6 = b5 + rowStride;
        int b7 = b6 + rowStride;
        int n0 = root;
        int n1 = root;
        int n2 = root;
        int n3 = root;
        int n4 = root;
        int n5 = root;
        int n6 = root;
        int n7 = root;
        for (int d = 0; d < depth; d++) {
            n0 = next(data, b0, packed, n0);
            n1 = next(data, b1, packed, n1);
            n2 = next(data, b2, packed, n2);
            n3 = next(data, b3, packed, n3);
            n4 = next(data, b4, packed, n4);
            n5 = next(data, b5, packed, n5);
            n6 = next(data, b6, packed, n6);
            n7 = next(data, b7, packed, n7);
        }
        margins[at] += leaf(packed, n0);
        margins[at + stride] += leaf(packed, n1);
        margins[at + 2 * stride] += leaf(packed, n2);
        margins[at + 3 * stride] += leaf(packed, n3);
        margins[at + 4 * stride] += leaf(packed, n4);
        margins[at + 5 * stride] += leaf(packed, n5);
        margins[at + 6 * stride] += leaf(packed, n6);
        margins[at + 7 * stride] += leaf(packed, n7);
    }

    /** One step down from {@code node} for the row at {@code data[base]}; a leaf steps to itself. */
    private static int next(float[] data, int base, int[] packed, int node) {
        return packed[node] + (data[base + packed[node + 1]] >= Float.intBitsToFloat(packed[node + 2]) ? NODE : 0);
    }

    /** The leaf value the row at {@code data[base]} reaches from {@code root}. */
    private static float walk(float[] data, int base, int[] packed, int root) {
        int node = root;
        while (packed[node] != node) {
            node = next(data, base, packed, node);
        }
        return leaf(packed, node);
    }

    private static float leaf(int[] packed, int node) {
        return Float.intBitsToFloat(packed[node + 3]);
    }

    /** Appends trees breadth-first, so that each node's children are adjacent. */
    private static final class Builder {
        final int[] column;
        final int[] dualColumn;
        final float[] threshold;
        final int[] left;
        final float[] leafValue;
        final int[] roots;
        final int[] depths;
        int size;

        Builder(int capacity, int trees) {
            column = new int[capacity];
            dualColumn = new int[capacity];
            threshold = new float[capacity];
            left = new int[capacity];
            leafValue = new float[capacity];
            roots = new int[trees];
            depths = new int[trees];
        }

        /** {@link Forest#nodes}, with {@code columns}. */
        int[] pack(int[] columns) {
            int[] packed = new int[NODE * size];
            for (int i = 0; i < size; i++) {
                packed[NODE * i] = NODE * left[i];
                packed[NODE * i + 1] = columns[i];
                packed[NODE * i + 2] = Float.floatToRawIntBits(threshold[i]);
                packed[NODE * i + 3] = Float.floatToRawIntBits(leafValue[i]);
            }
            return packed;
        }

        void add(int t, ModelJson.Tree tree, int numFeature) throws UnsupportedModelException {
            int n = tree.left().length;
            int[] order = new int[n];    // XGBoost's node id of each new node, in new order (the root first)
            int[] depth = new int[n];    // by new index, from this tree's root
            boolean[] seen = new boolean[n];
            int root = size;
            seen[0] = true;
            int next = 1;
            int maxDepth = 0;
            for (int i = 0; i < next; i++) {
                int id = order[i];
                maxDepth = Math.max(maxDepth, depth[i]);
                if (tree.left()[id] == -1) {
                    leaf(root + i, tree.splitCondition()[id]);
                    continue;
                }
                split(t, tree, id, root + i, root + next, numFeature);
                for (int child : new int[] {tree.left()[id], tree.right()[id]}) {
                    if (child <= 0 || child >= n || seen[child]) {
                        throw new UnsupportedModelException("tree " + t + " is malformed at node " + id);
                    }
                    seen[child] = true;
                    depth[next] = depth[i] + 1;
                    order[next++] = child;
                }
            }
            size += next;
            roots[t] = root;
            depths[t] = maxDepth;
        }

        private void leaf(int at, float value) {
            column[at] = 0;
            dualColumn[at] = 0;
            threshold[at] = Float.NaN;
            left[at] = at;
            leafValue[at] = value;
        }

        private void split(int t, ModelJson.Tree tree, int id, int at, int firstChild, int numFeature)
                throws UnsupportedModelException {
            int index = tree.splitIndex()[id];
            if (index < 0 || index >= numFeature) {
                throw new UnsupportedModelException("tree " + t + " splits on feature " + index + " of " + numFeature);
            }
            float condition = tree.splitCondition()[id];
            boolean missingLeft = tree.defaultLeft()[id];
            if (condition != condition || (missingLeft && condition == Float.NEGATIVE_INFINITY)) {
                throw new UnsupportedModelException("tree " + t + " splits at " + condition + " (node " + id + ")"
                        + (missingLeft ? " with missing values going left" : ""));
            }
            column[at] = index;
            dualColumn[at] = missingLeft ? index + numFeature : index;
            threshold[at] = condition;
            left[at] = firstChild;
        }
    }
}
