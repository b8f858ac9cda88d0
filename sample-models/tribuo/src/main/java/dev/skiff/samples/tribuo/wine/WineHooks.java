package dev.skiff.samples.tribuo.wine;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hooks for a wine-quality model: physically sensible input ranges (a density outside (0, 1) is a 400 naming the
 * row and the field) and answers that say "good" or "bad" instead of a quality score.
 *
 * <ul>
 * <li>A regression model's quality score {@code q} becomes {@code {"label": "good", "quality": q}}, good when
 *     {@code q >= 6}.</li>
 * <li>A classifier over quality grades ({@code "3"} ... {@code "8"}) becomes {@code {"label": "good", "scores":
 *     {"good": p, "bad": 1 - p}}} where {@code p} sums the scores of the grades from 6 up.</li>
 * <li>A classifier whose classes are not grades (already "good"/"bad") is answered as the model says.</li>
 * </ul>
 *
 * <p>Not installed by this plugin's jar (plugins share one class loader, so it would wrap every model): a model
 * opts in with the training hyperparameter {@code hooks=wine}, which puts a one-line service file naming this class
 * into {@code /opt/ml/model/code/}.
 */
public final class WineHooks implements ModelHooks {
    /** Grades from here up are "good". */
    public static final double GOOD_FROM = 6;

    /** Valid values per feature; features a model does not have are not checked. */
    static final Map<String, Range> RANGES = ranges();

    /** The schema's columns that have a range, and those ranges: set once in {@link #inputSchema}. */
    private volatile Checks checks = new Checks(new int[0], new String[0], new Range[0]);

    private record Checks(int[] columns, String[] names, Range[] ranges) {
    }

    private static Map<String, Range> ranges() {
        Map<String, Range> r = new LinkedHashMap<>();
        r.put("density", Range.open(0, 1));
        r.put("pH", Range.closed(0, 14));
        r.put("alcohol", Range.closed(0, 100));
        for (String f : List.of("fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides",
                "free_sulfur_dioxide", "total_sulfur_dioxide", "sulphates")) {
            r.put(f, Range.closed(0, Double.POSITIVE_INFINITY));
        }
        return Map.copyOf(r);
    }

    @Override
    public InputSchema inputSchema(InputSchema schema) {
        if (!schema.featureNames().contains("density")) {
            throw new IllegalStateException("WineHooks expects a model with a named 'density' feature; this one has "
                    + (schema.featureNames().isEmpty() ? "no feature names" : schema.featureNames()));
        }
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < schema.featureNames().size(); c++) {
            if (RANGES.containsKey(schema.featureNames().get(c))) {
                columns.add(c);
            }
        }
        int[] cols = columns.stream().mapToInt(Integer::intValue).toArray();
        String[] names = new String[cols.length];
        Range[] ranges = new Range[cols.length];
        for (int k = 0; k < cols.length; k++) {
            names[k] = schema.featureNames().get(cols[k]);
            ranges[k] = RANGES.get(names[k]);
        }
        checks = new Checks(cols, names, ranges);
        return schema;
    }

    @Override
    public void validate(Batch batch) {
        Checks c = checks;
        for (int i = 0; i < batch.size(); i++) {
            Object[] row = batch.isDense() ? null : batch.row(i);
            for (int k = 0; k < c.columns().length; k++) {
                // Missing values and text are the model's to refuse; the hooks judge numbers only.
                double v = row == null ? batch.number(i, c.columns()[k])
                        : row[c.columns()[k]] instanceof Double d ? d : Double.NaN;
                if (!Double.isNaN(v) && !c.ranges()[k].contains(v)) {
                    throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), c.names()[k],
                            c.names()[k] + " " + v + " is outside " + c.ranges()[k]);
                }
            }
        }
    }

    @Override
    public Predictions postprocess(Batch batch, Predictions predictions) {
        List<Object> answers = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            answers.add(relabel(predictions.get(i)));
        }
        return Predictions.of(answers);
    }

    private static Object relabel(Object prediction) {
        if (prediction instanceof Number quality) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("label", quality.doubleValue() >= GOOD_FROM ? "good" : "bad");
            answer.put("quality", quality.doubleValue());
            return answer;
        }
        if (prediction instanceof Map<?, ?> map && map.get("scores") instanceof Map<?, ?> scores) {
            double good = 0;
            for (Map.Entry<?, ?> e : scores.entrySet()) {
                Double grade = grade(e.getKey());
                if (grade == null) {
                    return prediction; // classes are not grades: the model's own labels stand
                }
                if (grade >= GOOD_FROM) {
                    good += ((Number) e.getValue()).doubleValue();
                }
            }
            Map<String, Double> twoClass = new LinkedHashMap<>();
            twoClass.put("good", good);
            twoClass.put("bad", 1 - good);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("label", good >= 0.5 ? "good" : "bad");
            answer.put("scores", twoClass);
            return answer;
        }
        throw new IllegalStateException("WineHooks cannot read a prediction of type "
                + (prediction == null ? "null" : prediction.getClass().getName()));
    }

    private static Double grade(Object className) {
        try {
            return Double.valueOf(String.valueOf(className));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
