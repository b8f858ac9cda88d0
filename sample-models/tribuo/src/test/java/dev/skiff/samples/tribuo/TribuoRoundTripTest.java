package dev.skiff.samples.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, save, load through the provider, predict: what a training job and an endpoint do, minus HTTP. */
class TribuoRoundTripTest {
    @TempDir
    Path modelDir;

    private final Map<String, Double> metrics = new HashMap<>();

    @Test
    void irisLogisticRegressionLearnsAndServesLabelsWithScores() throws Exception {
        ModelMetadata meta = Samples.train(modelDir, Samples.IRIS, null, metrics, "label=species", "epochs=30");

        assertThat(metrics).containsKeys("train-accuracy", "train-f1", "validation-accuracy", "validation-f1");
        assertThat(metrics.get("validation-accuracy")).isGreaterThan(0.85);
        assertThat(meta.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(meta.featureNames()).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        assertThat(new TribuoProvider().canLoad(modelDir)).isTrue();

        try (TribuoModel<?> model = Samples.load(modelDir)) {
            assertThat(model.inputSchema()).isEqualTo(InputSchema.named(meta.featureNames(), false));
            Predictions p = model.predict(Samples.oneRow(5.1, 3.5, 1.4, 0.2));
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) p.get(0);
            assertThat(answer).containsOnlyKeys("label", "scores").containsEntry("label", "setosa");
            @SuppressWarnings("unchecked")
            Map<String, Double> scores = (Map<String, Double>) answer.get("scores");
            assertThat(scores.keySet()).containsExactly("setosa", "versicolor", "virginica");
            assertThat(scores.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(scores.get("setosa")).isGreaterThan(0.5);
        }
    }

    @Test
    void servedRegressionGivesTheValidationErrorMeasuredAtTrainingTime() throws Exception {
        Samples.train(modelDir, Samples.WINE_TRAIN, Samples.WINE_VALIDATION, metrics,
                "task=regression", "label=quality", "algorithm=cart", "max_depth=6");
        assertThat(metrics.get("validation-r2")).isGreaterThan(0.3);

        Table validation = Table.read(Samples.WINE_VALIDATION);
        int label = validation.column("quality");
        try (TribuoModel<?> model = Samples.load(modelDir)) {
            Predictions p = model.predict(Samples.featureBatch(validation, "quality"));
            assertThat(p.size()).isEqualTo(validation.rows().size());
            double squares = 0;
            for (int i = 0; i < p.size(); i++) {
                double error = ((Double) p.get(i)) - Double.parseDouble(validation.rows().get(i).cells()[label]);
                squares += error * error;
            }
            // Same number as Tribuo's evaluator on the in-memory model: the saved model is the trained one.
            assertThat(Math.sqrt(squares / p.size())).isCloseTo(metrics.get("validation-rmse"), within(1e-9));
        }
    }

    @Test
    void linearRegressionStandardisesFeaturesInsideTheSavedModel() throws Exception {
        Samples.train(modelDir, Samples.WINE_TRAIN, Samples.WINE_VALIDATION, metrics,
                "task=regression", "label=quality", "algorithm=linear", "epochs=20", "learning_rate=0.05");
        assertThat(metrics.get("validation-r2")).isGreaterThan(0.4);
        try (TribuoModel<?> model = Samples.load(modelDir)) {
            Table validation = Table.read(Samples.WINE_VALIDATION);
            Object q = model.predict(Samples.featureBatch(validation, "quality")).get(0);
            assertThat((Double) q).isBetween(2.0, 9.0);
        }
    }

    @Test
    void classificationOverGradesTrainsFromJsonLinesAndKeepsNumericClassOrder() throws Exception {
        ModelMetadata meta = Samples.train(modelDir, Samples.WINE_JSONL, Samples.WINE_VALIDATION, metrics,
                "label=quality", "algorithm=cart", "max_depth=5");
        assertThat(meta.classes()).isSortedAccordingTo((a, b) -> Double.compare(Double.parseDouble(a),
                Double.parseDouble(b)));
        assertThat(metrics.get("validation-accuracy")).isGreaterThan(0.4);
        Files.readString(modelDir.resolve(ModelMetadata.FILE)).contains("\"classification\"");
        assertThat(ModelMetadata.read(modelDir.resolve(ModelMetadata.FILE))).isEqualTo(meta);
    }

    @Test
    void csvColumnOrderIsTheTrainingHeaderNotTribuosAlphabeticalOrder() throws Exception {
        ModelMetadata meta = Samples.train(modelDir, Samples.WINE_TRAIN, null, metrics, "label=quality");
        assertThat(meta.featureNames()).startsWith("fixed_acidity", "volatile_acidity").contains("pH")
                .doesNotContain("quality").hasSize(11);
        assertThat(meta.features().get(meta.featureNames().indexOf("density")).max()).isLessThan(1.0);
        try (TribuoModel<?> model = Samples.load(modelDir)) {
            assertThat(model.inputSchema().featureNames()).isEqualTo(meta.featureNames());
        }
    }

    @Test
    void aModelWithoutMetadataServesItsFeaturesInTribuosOrder() throws Exception {
        Samples.train(modelDir, Samples.IRIS, null, metrics, "label=species");
        Files.delete(modelDir.resolve(ModelMetadata.FILE));
        try (TribuoModel<?> model = Samples.load(modelDir)) {
            assertThat(model.inputSchema().featureNames())
                    .isEqualTo(List.of("petal_length", "petal_width", "sepal_length", "sepal_width"));
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) model.predict(Samples.oneRow(1.4, 0.2, 5.1, 3.5))
                    .get(0);
            assertThat(answer.get("label")).isEqualTo("setosa");
        }
    }
}
