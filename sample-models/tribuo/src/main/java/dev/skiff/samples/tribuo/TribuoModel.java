package dev.skiff.samples.tribuo;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/**
 * A Tribuo model behind the Skiff SPI: rows of named numeric features in, one prediction per row out.
 *
 * <p>Thread safety: Tribuo does not document {@code Model.predict} as thread-safe, so this was checked in its 4.3.2
 * source for the models this sample trains or accepts. {@code LinearSGDModel} (classification and regression),
 * {@code TreeModel} and {@code TransformedModel} only read state fixed at construction (weights, tree nodes, feature
 * and output maps, transformer statistics) and build a fresh example copy, feature vector and {@code Prediction} per
 * call; nothing is cached or mutated. A leaf's output and score map are shared between predictions, which is why
 * {@link #classification} only reads them. So concurrent {@link #predict} calls share one model without locks;
 * {@code TribuoModelTest} runs it from several threads against a single-threaded answer.
 */
final class TribuoModel<T extends Output<T>> implements Model {
    private final org.tribuo.Model<T> model;
    private final String[] names;
    private final T unknown;
    private final Function<Prediction<T>, Object> render;

    private TribuoModel(org.tribuo.Model<T> model, List<String> features, T unknown,
            Function<Prediction<T>, Object> render) {
        this.model = model;
        this.names = features.toArray(String[]::new);
        this.unknown = unknown;
        this.render = render;
    }

    /** Answers {@code {"label": "good", "scores": {"bad": 0.2, "good": 0.8}}}, scores in {@code classes} order. */
    static TribuoModel<Label> classification(org.tribuo.Model<Label> model, List<String> features,
            List<String> classes) {
        return new TribuoModel<>(model, features, org.tribuo.classification.LabelFactory.UNKNOWN_LABEL, p -> {
            Map<String, Label> byClass = p.getOutputScores();
            Map<String, Double> scores = new LinkedHashMap<>();
            for (String c : classes) {
                Label scored = byClass.get(c);
                scores.put(c, scored == null ? 0.0 : scored.getScore());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("label", p.getOutput().getLabel());
            answer.put("scores", scores);
            return answer;
        });
    }

    /** Answers the regressed value as a number. */
    static TribuoModel<Regressor> regression(org.tribuo.Model<Regressor> model, List<String> features) {
        return new TribuoModel<>(model, features, org.tribuo.regression.RegressionFactory.UNKNOWN_REGRESSOR,
                p -> p.getOutput().getValues()[0]);
    }

    @Override
    public InputSchema inputSchema() {
        // Not numeric: general rows keep JSON's doubles exact (a dense batch would round them to float).
        return InputSchema.named(List.of(names), false);
    }

    /** Yes: each row is predicted on its own (see the class comment), so rows of several requests may share a call. */
    @Override
    public boolean acceptsMergedBatches() {
        return true;
    }

    @Override
    public Predictions predict(Batch batch) {
        List<Object> answers = new ArrayList<>(batch.size());
        double[] values = new double[names.length];
        for (int i = 0; i < batch.size(); i++) {
            for (int c = 0; c < names.length; c++) {
                values[c] = value(batch, i, c);
            }
            // ArrayExample copies names and values, so both arrays are reused for the next row.
            answers.add(render.apply(model.predict(new ArrayExample<>(unknown, names, values))));
        }
        return Predictions.of(answers);
    }

    /** A Tribuo model holds only heap objects: nothing to free. */
    @Override
    public void close() {
    }

    private double value(Batch batch, int i, int c) {
        double v;
        if (batch.isDense()) {
            v = batch.number(i, c);
        } else {
            Object cell = batch.row(i)[c];
            if (cell instanceof String s) {
                throw SkiffException.badRow(ErrorCode.NOT_A_NUMBER, batch.rowNumber(i), names[c],
                        "'" + s + "' is not a number");
            }
            v = cell == null ? Double.NaN : (Double) cell;
        }
        if (Double.isNaN(v)) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), names[c],
                    "missing value; this model needs every feature (Tribuo would read it as 0)");
        }
        if (Double.isInfinite(v)) {
            throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), names[c], v + " is not finite");
        }
        return v;
    }
}
