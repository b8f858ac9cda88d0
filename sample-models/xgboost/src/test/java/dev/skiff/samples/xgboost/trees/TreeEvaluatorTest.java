package dev.skiff.samples.xgboost.trees;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-written models whose predictions are worked out by hand (the Python parity tests are in
 * {@code EvaluatorParityTest}): tie and missing-value directions, renumbered children, round limits, what is refused.
 */
class TreeEvaluatorTest {
    private static final float NAN = Float.NaN;

    /** Tree 0: x0 < 1 (missing left) -> 10 | 20. Tree 1: x1 < -2.5 (missing right), children listed right first. */
    private static final String STUMP_0 = tree("[1,-1,-1]", "[2,-1,-1]", "[0,0,0]", "[1.0,10,20]", "[1,0,0]");
    private static final String STUMP_1 = tree("[2,-1,-1]", "[1,-1,-1]", "[1,0,0]", "[-2.5,200,100]", "[0,0,0]");
    private static final String LEAF = tree("[-1]", "[-1]", "[0]", "[0.25]", "[0]");

    static String tree(String left, String right, String split, String conditions, String defaultLeft) {
        return "{\"left_children\":" + left + ",\"right_children\":" + right + ",\"split_indices\":" + split
                + ",\"split_conditions\":" + conditions + ",\"default_left\":" + defaultLeft
                + ",\"split_type\":[],\"categories_nodes\":[],\"tree_param\":{\"size_leaf_vector\":\"1\"}}";
    }

    static byte[] model(String objective, String baseScore, int numClass, String booster, List<String> trees,
                        int[] treeInfo, int[] indptr) {
        String json = "{\"learner\":{\"learner_model_param\":{\"base_score\":\"" + baseScore + "\",\"num_class\":\""
                + numClass + "\",\"num_feature\":\"2\",\"num_target\":\"1\"},\"objective\":{\"name\":\"" + objective
                + "\"},\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\"},"
                + "\"iteration_indptr\":" + list(indptr) + ",\"tree_info\":" + list(treeInfo) + ",\"trees\":"
                + String.join(",", trees).transform(s -> "[" + s + "]") + "},\"name\":\"" + booster + "\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] regression(String objective, String baseScore) {
        return model(objective, baseScore, 0, "gbtree", List.of(STUMP_0, STUMP_1, LEAF), new int[3],
                new int[] {0, 1, 2, 3});
    }

    private static String list(int[] values) {
        return IntStream.of(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private static final float[] ROWS = {
        0.5f, -3f,     // left, left:    0.5 + 10 + 100 + 0.25
        1.0f, -2.5f,   // equal to both thresholds goes right: 0.5 + 20 + 200 + 0.25
        NAN, NAN,      // missing: tree 0 left, tree 1 right: 0.5 + 10 + 200 + 0.25
        2f, 0f,        // right, right
    };

    @Test
    void sumsLeavesFromTheBaseScoreWithXGBoostsTieAndMissingDirections() throws Exception {
        TreeEvaluator t = TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 0);
        assertThat(t.outputWidth()).isEqualTo(1);
        assertThat(t.predict(ROWS, 4)).containsExactly(110.75f, 220.75f, 210.75f, 220.75f);
        assertThat(t.describe()).isEqualTo("reg:squarederror, 3 trees, 7 nodes, depth up to 1");
    }

    @Test
    void aRoundLimitKeepsTheFirstRounds() throws Exception {
        assertThat(TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 1).predict(ROWS, 4))
                .containsExactly(10.5f, 20.5f, 10.5f, 20.5f);
        assertThat(TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 2).predict(ROWS, 4))
                .containsExactly(110.5f, 220.5f, 210.5f, 220.5f);
        assertThatThrownBy(() -> TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the model has 3 rounds");
        assertThatThrownBy(() -> TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logisticStartsFromTheLogitOfBaseScore() throws Exception {
        float[] p = TreeEvaluator.compile(regression("binary:logistic", "2E-1"), 1).predict(ROWS, 1);
        double margin = Math.log(0.2 / 0.8) + 10;
        assertThat((double) p[0]).isCloseTo(1 / (1 + Math.exp(-margin)), within(1e-6));
    }

    @Test
    void logLinkObjectivesStartFromTheLogOfBaseScore() throws Exception {
        float[] p = TreeEvaluator.compile(regression("count:poisson", "2E0"), 1).predict(new float[] {5, 0}, 1);
        assertThat((double) p[0]).isCloseTo(2 * Math.exp(20), within(1e-6 * 2 * Math.exp(20)));
    }

    @Test
    void softmaxTakesTheFirstLargestClassAndSoftprobNormalises() throws Exception {
        // One round of two classes: class 0 gets tree 0 (10 | 20), class 1 gets a leaf of 20.
        String twenty = tree("[-1]", "[-1]", "[0]", "[20]", "[0]");
        byte[] softmax = model("multi:softmax", "5E-1", 2, "gbtree", List.of(STUMP_0, twenty), new int[] {0, 1},
                new int[] {0, 2});
        TreeEvaluator classes = TreeEvaluator.compile(softmax, 0);
        assertThat(classes.outputWidth()).isEqualTo(1);
        assertThat(classes.predict(new float[] {0, 0, 5, 0}, 2)).containsExactly(1f, 0f); // a tie picks class 0
        byte[] softprob = model("multi:softprob", "5E-1", 2, "gbtree", List.of(STUMP_0, twenty), new int[] {0, 1},
                new int[] {0, 2});
        float[] p = TreeEvaluator.compile(softprob, 0).predict(new float[] {0, 0}, 1);
        assertThat(p).hasSize(2);
        assertThat((double) p[0]).isCloseTo(1 / (1 + Math.exp(10)), within(1e-7));
        assertThat(p[0] + p[1]).isCloseTo(1f, within(1e-7f));
    }

    @Test
    void groupsOfEightAndSingleRowsTakeTheSameDirectionsWithAndWithoutMissingValues() throws Exception {
        float inf = Float.POSITIVE_INFINITY;
        // each row with its prediction, worked out as for ROWS: infinities are values, not missing
        float[][] rows = {
            {0.5f, -3f, 110.75f}, {1.0f, -2.5f, 220.75f}, {2f, 0f, 220.75f}, {inf, -inf, 120.75f},
            {NAN, NAN, 210.75f}, {NAN, -3f, 110.75f}, {0.5f, NAN, 210.75f}, {-inf, inf, 210.75f},
        };
        int[] order = {
            0, 1, 2, 3, 0, 1, 2, 3,    // a group of eight without a missing value: read in place
            4, 0, 1, 5, 2, 3, 6, 7,    // a group with some: every row read from its copy
            4, 5, 6, 4, 5, 6, 4, 5,    // a group of missing values only
            6, 3, 4,                   // single rows, one of them with missing values
        };
        float[] x = new float[2 * order.length];
        float[] expected = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            x[2 * i] = rows[order[i]][0];
            x[2 * i + 1] = rows[order[i]][1];
            expected[i] = rows[order[i]][2];
        }
        TreeEvaluator t = TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 0);
        assertThat(t.predict(x, order.length)).containsExactly(expected);
        for (int i = 0; i < order.length; i++) {
            float[] one = {x[2 * i], x[2 * i + 1]};
            assertThat(t.predict(one, 1)).as("row %d alone", i).containsExactly(expected[i]);
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {5, Forest.STEPPED_DEPTH, Forest.STEPPED_DEPTH + 1, 40})
    void stepsAndWalksReachTheSameLeaves(int depth) throws Exception {
        // A chain: node k tests x0 < k + 1; its left child is a leaf worth k, its right child the next test.
        int nodes = 2 * depth + 1;
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        float[] conditions = new float[nodes];
        java.util.Arrays.fill(left, -1);
        java.util.Arrays.fill(right, -1);
        for (int k = 0; k < depth; k++) {
            int test = 2 * k;
            left[test] = test + 1;
            right[test] = test + 2;
            conditions[test] = k + 1;
            conditions[test + 1] = k;
        }
        conditions[nodes - 1] = depth;
        String chain = tree(list(left), list(right), list(new int[nodes]), floats(conditions), list(new int[nodes]));
        TreeEvaluator t = TreeEvaluator.compile(model("reg:squarederror", "0E0", 0, "gbtree", List.of(chain),
                new int[1], new int[] {0, 1}), 0);
        List<Float> expected = new ArrayList<>();
        float[] rows = new float[2 * (depth + 2)];
        for (int i = 0; i < depth + 2; i++) {
            rows[2 * i] = i - 0.5f;  // lands on leaf max(0, i - 1), the last one past the chain
            expected.add((float) Math.min(depth, Math.max(0, i - 1)));
        }
        rows[0] = NAN; // missing goes right (default_left 0) all the way down
        expected.set(0, (float) depth);
        assertThat(t.predict(rows, depth + 2)).containsExactly(toArray(expected));
    }

    private static String floats(float[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]);
        }
        return s.append(']').toString();
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void refusesWhatItDoesNotImplementNamingIt() throws Exception {
        assertUnsupported(model("binary:logistic", "5E-1", 0, "dart", List.of(STUMP_0), new int[1],
                new int[] {0, 1}), "booster dart");
        assertUnsupported(regression("reg:quantileerror", "5E-1"), "objective reg:quantileerror");
        assertUnsupported(model("reg:squarederror", "5E-1", 0, "gbtree", List.of(STUMP_0.replace(
                "\"split_type\":[]", "\"split_type\":[1,0,0]")), new int[1], new int[] {0, 1}),
                "categorical splits (tree 0)");
        assertUnsupported(model("reg:squarederror", "5E-1", 0, "gbtree", List.of(STUMP_0.replace(
                "\"size_leaf_vector\":\"1\"", "\"size_leaf_vector\":\"2\"")), new int[1], new int[] {0, 1}),
                "multi-target trees");
        assertUnsupported(model("reg:squarederror", "5E-1", 0, "gbtree", List.of(STUMP_0.replace(
                "\"split_indices\":[0,0,0]", "\"split_indices\":[7,0,0]")), new int[1], new int[] {0, 1}),
                "splits on feature 7 of 2");
        assertUnsupported(regression("reg:squarederror", "[5E-1,2E0]"), "base_score [5E-1,2E0]");
        // where a NaN or -Inf threshold would make this evaluator's missing-value copies differ from XGBoost
        assertUnsupported(model("reg:squarederror", "5E-1", 0, "gbtree", List.of(STUMP_1.replace("[-2.5,",
                "[NaN,")), new int[1], new int[] {0, 1}), "tree 0 splits at NaN (node 0)");
        assertUnsupported(model("reg:squarederror", "5E-1", 0, "gbtree", List.of(STUMP_0.replace("[1.0,",
                "[-Infinity,")), new int[1], new int[] {0, 1}),
                "tree 0 splits at -Infinity (node 0) with missing values going left");
        assertThat(TreeEvaluator.compile(model("reg:squarederror", "0E0", 0, "gbtree", List.of(STUMP_1.replace(
                "[-2.5,", "[-Infinity,")), new int[1], new int[] {0, 1}), 0).predict(new float[] {0, NAN}, 1))
                .as("-Inf with missing values going right is served").containsExactly(200f);
    }

    @Test
    void takesAOneValueBaseScoreList() throws Exception {
        assertThat(TreeEvaluator.compile(regression("reg:squarederror", "[5E-1]"), 0).predict(ROWS, 1))
                .containsExactly(110.75f);
    }

    @Test
    void refusesTooFewValuesForTheRows() throws Exception {
        TreeEvaluator t = TreeEvaluator.compile(regression("reg:squarederror", "5E-1"), 0);
        assertThatThrownBy(() -> t.predict(new float[3], 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 rows of 2 features");
    }

    private static void assertUnsupported(byte[] json, String reason) {
        assertThatThrownBy(() -> TreeEvaluator.compile(json, 0)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining(reason);
    }
}
