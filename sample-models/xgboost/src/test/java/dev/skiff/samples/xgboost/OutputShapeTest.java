package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answer per row, by objective and SAGEMAKER_INFERENCE_OUTPUT, as SageMaker's XGBoost container gives it. */
class OutputShapeTest {
    @TempDir
    Path dir;

    private Predictions predict(String model, Map<String, String> env) throws Exception {
        Fixtures.put(dir, model + "/model.json", "xgboost-model");
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, env))) {
            return m.predict(Fixtures.rows(model));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Predictions p, int i) {
        return (Map<String, Object>) p.get(i);
    }

    @Test
    void defaultIsOneScorePerRow() throws Exception {
        Predictions p = predict("binary", Map.of());
        assertThat(p.isDense()).isTrue();
        assertThat(p.names()).containsExactly("score");
        assertThat(p.get(0)).isEqualTo(Fixtures.expected("binary")[0][0]);
    }

    @Test
    void defaultForSoftprobIsTheClassScoreVector() throws Exception {
        Predictions p = predict("multiclass", Map.of());
        assertThat((float[]) row(p, 0).get("score")).hasSize(3);
    }

    @Test
    void binaryLogisticSelectableKeysInTheOrderAsked() throws Exception {
        Predictions p = predict("binary", Map.of(OutputShape.ENV,
                "Probability, predicted_label,labels,probabilities,raw_score,raw_scores"));
        float prob = Fixtures.expected("binary")[0][0];
        Map<String, Object> r = row(p, 0);
        assertThat(r.keySet()).containsExactly(
                "probability", "predicted_label", "labels", "probabilities", "raw_score", "raw_scores");
        assertThat(r.get("probability")).isEqualTo(prob);
        assertThat(r.get("predicted_label")).isEqualTo(prob > 0.5f ? 1 : 0);
        assertThat(r.get("labels")).isEqualTo(List.of(0, 1));
        // [1 - p, p] in double, as the container computes it (1.0 - p.item()): its CSV cell has these digits.
        assertThat(r.get("probabilities")).isEqualTo(List.of(1.0 - prob, (double) prob));
        assertThat(r.get("raw_score")).isEqualTo(prob);
        assertThat(r.get("raw_scores")).isEqualTo(List.of(1.0 - prob, (double) prob));
    }

    @Test
    void softprobLabelIsTheArgmaxAndProbabilityItsScore() throws Exception {
        Predictions p = predict("multiclass", Map.of(OutputShape.ENV, "predicted_label,probability,labels"));
        float[][] expected = Fixtures.expected("multiclass");
        for (int i = 0; i < expected.length; i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = expected[i][c] > expected[i][best] ? c : best;
            }
            assertThat(row(p, i).get("predicted_label")).isEqualTo(best);
            assertThat((float) row(p, i).get("probability")).isCloseTo(expected[i][best], within());
            assertThat(row(p, i).get("labels")).isEqualTo(List.of(0, 1, 2));
        }
    }

    @Test
    void softprobProbabilitiesAreAListOfTheClassScores() throws Exception {
        Predictions p = predict("multiclass", Map.of(OutputShape.ENV, "probabilities"));
        float[] expected = Fixtures.expected("multiclass")[0];
        assertThat(row(p, 0).get("probabilities")).isEqualTo(List.of(expected[0], expected[1], expected[2]));
    }

    @Test
    void softmaxPredictsTheLabelItself() throws Exception {
        String json = Fixtures.text("multiclass/model.json").replace("\"multi:softprob\"", "\"multi:softmax\"");
        Files.writeString(dir.resolve("xgboost-model"), json, StandardCharsets.UTF_8);
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(OutputShape.ENV, "predicted_label")))) {
            Predictions p = m.predict(Fixtures.rows("multiclass"));
            float[][] expected = Fixtures.expected("multiclass");
            for (int i = 0; i < expected.length; i++) {
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    best = expected[i][c] > expected[i][best] ? c : best;
                }
                assertThat(row(p, i).get("predicted_label")).isEqualTo((float) best);
            }
        }
    }

    @Test
    void regressionGivesPredictedScoreAndNullForClassifierKeys() throws Exception {
        Predictions p = predict("regression", Map.of(OutputShape.ENV, "predicted_score,predicted_label"));
        assertThat(row(p, 0).get("predicted_score")).isEqualTo(Fixtures.expected("regression")[0][0]);
        assertThat(row(p, 0)).containsEntry("predicted_label", null);
    }

    @Test
    void anUnknownKeyIsALoadError() {
        assertThatThrownBy(() -> predict("binary", Map.of(OutputShape.ENV, "predicted_label,confidence")))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("'confidence'");
    }

    private static org.assertj.core.data.Offset<Float> within() {
        return org.assertj.core.data.Offset.offset(1e-6f);
    }
}
