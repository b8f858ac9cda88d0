package dev.skiff.samples.xgboost.trees;

import java.util.Arrays;
import java.util.List;

/**
 * Trees as flat arrays, and the loop that walks rows through them.
 *
 * <p>Each tree is renumbered breadth-first so that a node's right child directly follows its left one: a step is
 * {@code left[node] + goRight}. A leaf is its own left child, with a NaN threshold so that no value moves it, which
 * lets rows take the same number of steps through a tree (its depth) without testing for leaves. Rows go through a
 * tree {@value #LANES} at a time, their nodes held in eight local variables: the eight walks are independent, so
 * their loads overlap, and no node index goes through memory between steps (1.16x the rows/s of stepping a block of
 * rows through an array of node indexes, in {@code TreeEvaluatorBenchmark}). The last rows of a block, and every row
 * of a tree deeper than {@link #STEPPED_DEPTH}, are walked one by one to their leaf instead, so that a few long
 * branches do not make every row take their length.
 *
 * <p>The missing-value direction is the sign bit of {@code feature}: set means a missing value (NaN) goes right.
 * {@code v >= threshold} is exactly XGBoost's {@code !(v < threshold)} for every value that is not NaN.
 */
final class Forest {
    static final int STEPPED_DEPTH = 12;
    static final int LANES = 8;
    private static final int MISSING_RIGHT = 0x8000_0000;
    private static final int INDEX = 0x7fff_ffff;

    private final int[] feature;
    private final float[] threshold;
    private final int[] left;
    private final float[] leafValue;
    private final int[] roots;
    private final int[] depths;
    private final int[] groups;

    private Forest(int[] feature, float[] threshold, int[] left, float[] leafValue, int[] roots, int[] depths,
                   int[] groups) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.leafValue = leafValue;
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
        return new Forest(Arrays.copyOf(b.feature, b.size), Arrays.copyOf(b.threshold, b.size),
                Arrays.copyOf(b.left, b.size), Arrays.copyOf(b.leafValue, b.size), b.roots, b.depths,
                Arrays.copyOf(treeGroup, count));
    }

    int trees() {
        return roots.length;
    }

    int nodes() {
        return left.length;
    }

    int maxDepth() {
        return Arrays.stream(depths).max().orElse(0);
    }

    /**
     * Adds every tree's leaf value to {@code margins} ({@code stride} values per row, tree order) for rows
     * {@code first .. first + rows - 1} of {@code x} ({@code width} values per row).
     */
    void accumulate(float[] x, int width, int first, int rows, float[] margins, int stride) {
        for (int t = 0; t < roots.length; t++) {
            int root = roots[t];
            int g = groups[t];
            int r = 0;
            if (depths[t] <= STEPPED_DEPTH) {
                for (; r + LANES <= rows; r += LANES) {
                    stepEight(x, width, first + r, root, depths[t], margins, r * stride + g, stride);
                }
            }
            for (; r < rows; r++) {
                margins[r * stride + g] += leafValue[walk(x, (first + r) * width, root)];
            }
        }
    }

    /**
     * Walks rows {@code row .. row + 7} through one tree {@code depth} steps at once, their nodes in registers, and
     * adds each row's leaf value to {@code margins[at + k * stride]}.
     */
    private void stepEight(float[] x, int width, int row, int root, int depth, float[] margins, int at, int stride) {
        int b0 = row * width;
        int b1 = b0 + width;
        int b2 = b1 + width;
        int b3 = b2 + width;
        int b4 = b3 + width;
        int b5 = b4 + width;
        int b6 = b5 + width;
        int b7 = b6 + width;
        int n0 = root;
        int n1 = root;
        int n2 = root;
        int n3 = root;
        int n4 = root;
        int n5 = root;
        int n6 = root;
        int n7 = root;
        for (int d = 0; d < depth; d++) {
            n0 = next(x, b0, n0);
            n1 = next(x, b1, n1);
            n2 = next(x, b2, n2);
            n3 = next(x, b3, n3);
            n4 = next(x, b4, n4);
            n5 = next(x, b5, n5);
            n6 = next(x, b6, n6);
            n7 = next(x, b7, n7);
        }
        margins[at] += leafValue[n0];
        margins[at + stride] += leafValue[n1];
        margins[at + 2 * stride] += leafValue[n2];
        margins[at + 3 * stride] += leafValue[n3];
        margins[at + 4 * stride] += leafValue[n4];
        margins[at + 5 * stride] += leafValue[n5];
        margins[at + 6 * stride] += leafValue[n6];
        margins[at + 7 * stride] += leafValue[n7];
    }

    /** One step down from {@code node} for the row at {@code x[base]}; a leaf steps to itself. */
    private int next(float[] x, int base, int node) {
        int f = feature[node];
        float v = x[base + (f & INDEX)];
        return left[node] + (v >= threshold[node] | (v != v & f < 0) ? 1 : 0);
    }

    private int walk(float[] x, int base, int root) {
        int node = root;
        while (left[node] != node) {
            node = next(x, base, node);
        }
        return node;
    }

    /** Appends trees breadth-first, so that each node's children are adjacent. */
    private static final class Builder {
        final int[] feature;
        final float[] threshold;
        final int[] left;
        final float[] leafValue;
        final int[] roots;
        final int[] depths;
        int size;

        Builder(int capacity, int trees) {
            feature = new int[capacity];
            threshold = new float[capacity];
            left = new int[capacity];
            leafValue = new float[capacity];
            roots = new int[trees];
            depths = new int[trees];
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
            feature[at] = 0;
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
            feature[at] = tree.defaultLeft()[id] ? index : index | MISSING_RIGHT;
            threshold[at] = tree.splitCondition()[id];
            left[at] = firstChild;
        }
    }
}
