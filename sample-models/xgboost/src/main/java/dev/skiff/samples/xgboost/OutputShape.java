package dev.skiff.samples.xgboost;

import dev.skiff.spi.Predictions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns XGBoost's raw output (one row of {@code width} floats per input row) into the answer SageMaker's XGBoost
 * container gives: {@code {"score": x}} per row by default (a class-score vector for {@code multi:softprob}), or,
 * when {@code SAGEMAKER_INFERENCE_OUTPUT} lists keys, one object per row with those keys in that order.
 *
 * <p>Follows the container's {@code serve_utils.get_selected_predictions}: keys the objective cannot give are
 * answered as {@code null} (the container writes NaN, which is not JSON) after a warning at load; an unknown key or an
 * objective without selectable outputs is a load error rather than an error on every request.
 */
final class OutputShape implements Answer {
    static final String ENV = "SAGEMAKER_INFERENCE_OUTPUT";
    static final String SCORE = "score";
    private static final List<String> SCORE_NAMES = List.of(SCORE);

    private static final List<String> CLASSIFIER_KEYS = List.of(
            "predicted_label", "labels", "probability", "probabilities", "raw_score", "raw_scores");
    private static final List<String> ALL_KEYS = List.of(
            "predicted_label", "labels", "probability", "probabilities", "raw_score", "raw_scores", "predicted_score");
    private static final Map<String, Set<String>> VALID = Map.of(
            "reg:squarederror", Set.of("predicted_score"),
            "reg:logistic", Set.of("predicted_score"),
            "reg:gamma", Set.of("predicted_score"),
            "reg:absoluteerror", Set.of("predicted_score"),
            "reg:tweedie", Set.of("predicted_score"),
            "binary:logistic", Set.copyOf(CLASSIFIER_KEYS),
            "binary:logitraw", Set.of("predicted_label", "labels", "raw_score", "raw_scores"),
            "binary:hinge", Set.of("predicted_label", "labels", "raw_score", "raw_scores"),
            "multi:softmax", Set.of("predicted_label", "labels", "raw_score", "raw_scores"),
            "multi:softprob", Set.copyOf(CLASSIFIER_KEYS));

    private final String objective;
    private final int numClass;
    /** Selected keys in the order asked for, or empty for the default {@code score} answer. */
    private final List<String> selected;
    private final Set<String> valid;

    private OutputShape(String objective, int numClass, List<String> selected) {
        this.objective = objective;
        this.numClass = numClass;
        this.selected = selected;
        this.valid = VALID.getOrDefault(objective, Set.of());
    }

    /** The shape for this model and environment; refuses an unknown key or an objective with no selectable keys. */
    static OutputShape of(Map<String, String> env, ModelHeader header) throws ModelRefusedException {
        String spec = env.get(ENV);
        if (spec == null) {
            return new OutputShape(header.objective(), header.numClass(), List.of());
        }
        List<String> keys = new ArrayList<>();
        for (String key : spec.replace(" ", "").toLowerCase(Locale.ROOT).split(",")) {
            if (!ALL_KEYS.contains(key)) {
                throw new ModelRefusedException(ENV + " names '" + key + "'; the keys are " + ALL_KEYS);
            }
            keys.add(key);
        }
        if (!VALID.containsKey(header.objective())) {
            throw new ModelRefusedException(ENV + " is set, but objective '" + header.objective()
                    + "' has no selectable outputs; those that do: " + VALID.keySet());
        }
        return new OutputShape(header.objective(), header.numClass(), List.copyOf(keys));
    }

    /** Selected keys the objective cannot give (answered as null), for a warning at load. */
    List<String> unavailableKeys() {
        return selected.stream().filter(k -> !valid.contains(k)).toList();
    }

    @Override
    public Predictions predictions(float[] raw, int rows, int width) {
        if (selected.isEmpty() && width == 1) {
            return Predictions.named(raw, SCORE_NAMES); // {"score": x} in JSON, x in CSV, no object per row
        }
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            float[] row = new float[width];
            System.arraycopy(raw, r * width, row, 0, width);
            out.add(selected.isEmpty() ? Map.of(SCORE, row) : select(row)); // a class-score vector: {"score": [...]}
        }
        return Predictions.of(out);
    }

    private Map<String, Object> select(float[] r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : selected) {
            out.put(key, valid.contains(key) ? value(key, r) : null);
        }
        return out;
    }

    private Object value(String key, float[] r) {
        boolean softprob = objective.equals("multi:softprob");
        return switch (key) {
            case "predicted_label" -> predictedLabel(r);
            case "labels" -> labels();
            case "probability", "raw_score" -> softprob ? r[argmax(r)] : r[0];
            case "probabilities", "raw_scores" -> softprob ? list(r) : pair(r[0]);
            case "predicted_score" -> r[0];
            default -> throw new IllegalStateException(key);
        };
    }

    /**
     * {@code [1 - p, p]} computed in double, as the container does it ({@code 1.0 - p.item()}), so a CSV answer's
     * list cell has its digits.
     */
    private static List<Double> pair(float p) {
        return List.of(1.0 - p, (double) p);
    }

    /** A list, not a {@code float[]}: one cell in CSV ({@code "[0.1, 0.2, 0.7]"}), as the container writes it. */
    private static List<Float> list(float[] r) {
        List<Float> out = new ArrayList<>(r.length);
        for (float v : r) {
            out.add(v);
        }
        return out;
    }

    private Object predictedLabel(float[] r) {
        return switch (objective) {
            case "binary:logistic" -> r[0] > 0.5f ? 1 : 0;
            case "binary:logitraw" -> r[0] > 0f ? 1 : 0;
            case "multi:softprob" -> argmax(r);
            default -> r[0]; // binary:hinge and multi:softmax already predict the label (as a float, like XGBoost)
        };
    }

    private List<Integer> labels() {
        int n = objective.startsWith("binary:") ? 2 : numClass;
        List<Integer> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels.add(i);
        }
        return labels;
    }

    private static int argmax(float[] r) {
        int best = 0;
        for (int i = 1; i < r.length; i++) {
            if (r[i] > r[best]) {
                best = i;
            }
        }
        return best;
    }
}
