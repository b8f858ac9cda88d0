package dev.skiff.samples.xgboost.trees;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what prediction needs from an XGBoost JSON model (as {@code Booster.toByteArray("json")} writes it, whatever
 * format the file was in) with a streaming parser: the learner's parameters, the objective's name and, for a
 * {@code gbtree} booster, every tree's node arrays. Numbers are parsed as float32 directly from their text, which
 * XGBoost writes as the shortest text that reads back to the same float.
 */
final class ModelJson {
    /** XGBoost writes NaN (a categorical split's condition, for one) as a bare {@code NaN}. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** One tree's node arrays, indexed by XGBoost's node id; {@code splitCondition} holds a leaf's value. */
    record Tree(int[] left, int[] right, int[] splitIndex, float[] splitCondition, boolean[] defaultLeft,
                boolean categorical, int sizeLeafVector) {
    }

    /** The parts of a model that prediction depends on; {@code trees} is empty for a booster other than gbtree. */
    record Model(String booster, String objective, String baseScore, int numClass, int numTarget, int numFeature,
                 int numParallelTree, int[] iterationIndptr, int[] treeInfo, List<Tree> trees) {
    }

    private String booster = "";
    private String objective = "";
    private String baseScore = "0.5";
    private int numClass;
    private int numTarget = 1;
    private int numFeature;
    private int numParallelTree = 1;
    private int[] iterationIndptr = new int[0];
    private int[] treeInfo = new int[0];
    private final List<Tree> trees = new ArrayList<>();

    private ModelJson() {
    }

    static Model read(byte[] json) throws IOException {
        ModelJson m = new ModelJson();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the model");
            forEachField(p, (name, token) -> {
                if (name.equals("learner") && token == JsonToken.START_OBJECT) {
                    m.readLearner(p);
                } else {
                    p.skipChildren();
                }
            });
        }
        return new Model(m.booster, m.objective, m.baseScore, m.numClass, m.numTarget, m.numFeature,
                m.numParallelTree, m.iterationIndptr, m.treeInfo, List.copyOf(m.trees));
    }

    private void readLearner(JsonParser p) throws IOException {
        forEachField(p, (section, token) -> {
            switch (section) {
                case "learner_model_param" -> forEachField(p, (field, t) -> {
                    switch (field) {
                        case "base_score" -> baseScore = p.getText();
                        case "num_class" -> numClass = Integer.parseInt(p.getText());
                        case "num_target" -> numTarget = Integer.parseInt(p.getText());
                        case "num_feature" -> numFeature = Integer.parseInt(p.getText());
                        default -> p.skipChildren();
                    }
                });
                case "objective" -> forEachField(p, (field, t) -> {
                    if (field.equals("name")) {
                        objective = p.getText();
                    } else {
                        p.skipChildren();
                    }
                });
                case "gradient_booster" -> readBooster(p);
                default -> p.skipChildren();
            }
        });
    }

    private void readBooster(JsonParser p) throws IOException {
        forEachField(p, (field, token) -> {
            if (field.equals("name")) {
                booster = p.getText();
            } else if (field.equals("model")) {
                readTrees(p); // "model" precedes "name"; gblinear's model has no trees
            } else {
                p.skipChildren(); // dart keeps its trees under "gbtree": served by XGBoost4J
            }
        });
    }

    private void readTrees(JsonParser p) throws IOException {
        forEachField(p, (field, token) -> {
            switch (field) {
                case "gbtree_model_param" -> forEachField(p, (f, t) -> {
                    if (f.equals("num_parallel_tree")) {
                        numParallelTree = Integer.parseInt(p.getText());
                    } else {
                        p.skipChildren();
                    }
                });
                case "iteration_indptr" -> iterationIndptr = ints(p);
                case "tree_info" -> treeInfo = ints(p);
                case "trees" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        trees.add(readTree(p));
                    }
                }
                default -> p.skipChildren();
            }
        });
    }

    private static Tree readTree(JsonParser p) throws IOException {
        TreeFields t = new TreeFields();
        forEachField(p, (field, token) -> {
            switch (field) {
                case "left_children" -> t.left = ints(p);
                case "right_children" -> t.right = ints(p);
                case "split_indices" -> t.splitIndex = ints(p);
                case "split_conditions" -> t.splitCondition = floats(p);
                case "default_left" -> t.defaultLeft = booleans(p);
                case "split_type" -> t.categorical |= Arrays.stream(ints(p)).anyMatch(type -> type != 0);
                case "categories_nodes" -> t.categorical |= ints(p).length > 0;
                case "tree_param" -> forEachField(p, (f, v) -> {
                    if (f.equals("size_leaf_vector")) {
                        t.sizeLeafVector = Integer.parseInt(p.getText());
                    } else {
                        p.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        });
        if (t.left == null || t.right == null || t.splitIndex == null || t.splitCondition == null
                || t.defaultLeft == null) {
            throw new IOException("a tree lacks one of left_children, right_children, split_indices, "
                    + "split_conditions, default_left");
        }
        return new Tree(t.left, t.right, t.splitIndex, t.splitCondition, t.defaultLeft, t.categorical,
                t.sizeLeafVector);
    }

    /** A tree's fields as they are read, in whatever order the JSON has them. */
    private static final class TreeFields {
        int[] left;
        int[] right;
        int[] splitIndex;
        float[] splitCondition;
        boolean[] defaultLeft;
        boolean categorical;
        int sizeLeafVector = 1;
    }

    private static int[] ints(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "an array of integers");
        int[] out = new int[16];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out = n == out.length ? Arrays.copyOf(out, n * 2) : out;
            out[n++] = p.getIntValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static float[] floats(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "an array of numbers");
        float[] out = new float[16];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out = n == out.length ? Arrays.copyOf(out, n * 2) : out;
            out[n++] = Float.parseFloat(p.getText()); // float32 straight from the text: no double rounding
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code default_left} is 0/1 in XGBoost's JSON; booleans are accepted too. */
    private static boolean[] booleans(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "an array of flags");
        boolean[] out = new boolean[16];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out = n == out.length ? Arrays.copyOf(out, n * 2) : out;
            out[n++] = t == JsonToken.VALUE_TRUE || (t == JsonToken.VALUE_NUMBER_INT && p.getIntValue() != 0);
        }
        return Arrays.copyOf(out, n);
    }

    private interface FieldHandler {
        void field(String name, JsonToken value) throws IOException;
    }

    /** Calls {@code handler} for each field of the object the parser is in, positioned on the field's value. */
    private static void forEachField(JsonParser p, FieldHandler handler) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            handler.field(name, p.nextToken());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("not an XGBoost JSON model: expected " + what + ", found " + actual);
        }
    }
}
