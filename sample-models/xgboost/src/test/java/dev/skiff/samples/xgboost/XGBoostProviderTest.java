package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XGBoostProviderTest {
    private final XGBoostProvider provider = new XGBoostProvider();

    @TempDir
    Path dir;

    @Test
    void isFoundThroughServiceLoaderAsXgboost() {
        assertThat(ServiceLoader.load(ModelProvider.class).stream().map(p -> p.get().name()))
                .contains("xgboost");
    }

    @ParameterizedTest(name = "{0}/{1} as {2}")
    @CsvSource({
            "binary, xgboost-model, xgboost-model",
            "binary, model.json, xgboost-model",
            "binary, model.ubj, xgboost-model",
            "binary, model.json, model.json",
            "binary, model.ubj, model.ubj",
            "multiclass, xgboost-model, xgboost-model",
            "multiclass, model.json, xgboost-model",
            "multiclass, model.ubj, model.ubj",
            "regression, xgboost-model, xgboost-model",
            "regression, model.json, model.json",
            "regression, model.ubj, xgboost-model",
    })
    void predictsWhatPythonXGBoostPredicts(String model, String file, String name) throws Exception {
        Fixtures.put(dir, model + "/" + file, name);
        assertThat(provider.canLoad(dir)).isTrue();
        try (Model m = provider.load(Fixtures.context(dir))) {
            Batch rows = Fixtures.rows(model);
            assertThat(m.inputSchema().featureCount()).isEqualTo(rows.width());
            assertThat(m.inputSchema().numeric()).isTrue();
            assertMatchesPython(m.predict(rows), Fixtures.expected(model));
        }
    }

    static void assertMatchesPython(Predictions predictions, float[][] expected) {
        assertThat(predictions.size()).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            float[] actual = score(predictions, r);
            assertThat(actual).as("row %d", r + 1).hasSameSizeAs(expected[r]);
            for (int c = 0; c < actual.length; c++) {
                assertThat((double) actual[c]).as("row %d, value %d", r + 1, c + 1)
                        .isCloseTo(expected[r][c], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    /** The default answer's score(s) for row {@code r}: named dense scores, or a {@code {"score": [...]}} map. */
    static float[] score(Predictions predictions, int r) {
        if (predictions.isDense()) {
            assertThat(predictions.names()).containsExactly("score");
            return new float[] {(Float) predictions.get(r)};
        }
        Object score = ((Map<?, ?>) predictions.get(r)).get("score");
        return (float[]) score;
    }

    @Test
    void servesAPickledBoosterWithoutRunningThePickle() throws Exception {
        Fixtures.put(dir, "pickled-xgboost-model", "xgboost-model"); // pickle.dump(booster), protocol 4
        try (Model m = provider.load(Fixtures.context(dir))) {
            assertMatchesPython(m.predict(Fixtures.rows("binary")), Fixtures.expected("binary"));
        }
    }

    @Test
    void refusesAnEmptyFileAndAnArchive() throws Exception {
        Files.write(dir.resolve("xgboost-model"), new byte[0]);
        assertThatThrownBy(() -> provider.load(Fixtures.context(dir))).hasMessageContaining("empty");
        Files.write(dir.resolve("xgboost-model"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        assertThatThrownBy(() -> provider.load(Fixtures.context(dir))).hasMessageContaining("archive");
    }

    @Test
    void refusesGarbageWithXGBoostsReason() throws Exception {
        Files.writeString(dir.resolve("xgboost-model"), "this is not a model at all");
        assertThatThrownBy(() -> provider.load(Fixtures.context(dir)))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("XGBoost cannot load xgboost-model");
    }

    @Test
    void ignoresDotfiles() throws Exception {
        Files.writeString(dir.resolve("._xgboost-model"), "AppleDouble junk");
        Files.writeString(dir.resolve(".DS_Store"), "Finder junk");
        assertThat(provider.canLoad(dir)).isFalse();
        Fixtures.put(dir, "binary/model.json", ".hidden.json");
        assertThat(provider.canLoad(dir)).isFalse();
        Fixtures.put(dir, "binary/model.ubj", "churn.ubj");
        assertThat(provider.canLoad(dir)).isTrue();
        try (Model m = provider.load(Fixtures.context(dir))) {
            assertMatchesPython(m.predict(Fixtures.rows("binary")), Fixtures.expected("binary"));
        }
    }

    @Test
    void takesJsonModelsByTheirFirstBytesAndSeveralAsAnEnsemble() throws Exception {
        Files.writeString(dir.resolve("schema.json"), "{\"features\": [\"a\", \"b\"]}");
        Files.writeString(dir.resolve("skiff-model.json"), "{\"trainer\": \"xgboost\"}");
        assertThat(provider.canLoad(dir)).isFalse();
        Fixtures.put(dir, "binary/model.json", "a.json");
        assertThat(provider.canLoad(dir)).isTrue();
        Fixtures.put(dir, "multiclass/model.json", "b.json");
        assertThatThrownBy(() -> provider.load(Fixtures.context(dir)))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessage("the model files cannot be served as one ensemble: a.json is binary:logistic with 6 "
                        + "features but b.json is multi:softprob with 4 features and 3 classes");
        Fixtures.put(dir, "regression/xgboost-model", "xgboost-model");
        try (Model m = provider.load(Fixtures.context(dir))) { // the SageMaker name wins
            assertMatchesPython(m.predict(Fixtures.rows("regression")), Fixtures.expected("regression"));
        }
    }

    @Test
    void rejectsABatchOfTheWrongWidth() throws Exception {
        Fixtures.put(dir, "binary/model.json", "xgboost-model");
        try (Model m = provider.load(Fixtures.context(dir))) {
            assertThatThrownBy(() -> m.predict(Batch.dense(7, new float[] {1, 2, 3}, 3)))
                    .isInstanceOfSatisfying(SkiffException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_FEATURE_COUNT);
                        assertThat(e.row()).isEqualTo(7);
                    });
        }
    }

    @Test
    void predictsFromAGeneralBatchToo() throws Exception {
        Fixtures.put(dir, "regression/model.json", "xgboost-model");
        Batch dense = Fixtures.rows("regression");
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < dense.size(); i++) {
            rows.add(dense.row(i));
        }
        try (Model m = provider.load(Fixtures.context(dir))) {
            assertMatchesPython(m.predict(Batch.rows(1, rows, dense.width())), Fixtures.expected("regression"));
        }
    }
}
