package dev.skiff.samples.xgboost;

import java.io.IOException;
import java.util.Map;

/**
 * What the serving side needs to know about a loaded booster, read from the JSON XGBoost4J saves it as (so it is
 * what XGBoost itself understood, whatever the file's format).
 *
 * @param objective   e.g. {@code binary:logistic}
 * @param numClass    classes of a {@code multi:*} objective, else 0
 * @param numFeature  features per row
 * @param baseScore   the intercept as XGBoost loaded it
 * @param booster     {@code gbtree}, {@code dart} or {@code gblinear}
 * @param numParallelTree trees per class and round (a random forest's size), 1 for plain boosting
 * @param bestNtreeLimit the model's {@code best_ntree_limit} attribute (xgboost 1.x early stopping), else 0
 * @param bestIteration the model's {@code best_iteration} attribute (early stopping), else -1
 */
record ModelHeader(String objective, int numClass, int numFeature, float baseScore, String booster,
                   int numParallelTree, int bestNtreeLimit, int bestIteration) {

    static ModelHeader parse(byte[] json) throws IOException {
        Map<String, JsonModelReader.Located> f = JsonModelReader.read(json);
        return new ModelHeader(
                text(f, "objective.name", ""),
                Integer.parseInt(text(f, "learner_model_param.num_class", "0")),
                Integer.parseInt(text(f, "learner_model_param.num_feature", "0")),
                Float.parseFloat(text(f, BaseScore.PATH, "NaN")),
                text(f, "gradient_booster.name", ""),
                Math.max(1, Integer.parseInt(text(f, "gbtree_model_param.num_parallel_tree", "1"))),
                Math.max(0, Integer.parseInt(text(f, "attributes.best_ntree_limit", "0"))),
                Integer.parseInt(text(f, "attributes.best_iteration", "-1")));
    }

    /** A tree booster, which a round limit applies to ({@code gblinear} has no trees). */
    boolean trees() {
        return booster.equals("gbtree") || booster.equals("dart");
    }

    private static String text(Map<String, JsonModelReader.Located> fields, String key, String absent) {
        JsonModelReader.Located v = fields.get(key);
        return v == null ? absent : v.text();
    }
}
