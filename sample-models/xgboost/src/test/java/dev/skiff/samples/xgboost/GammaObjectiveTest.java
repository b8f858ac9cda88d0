package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reg:gamma model from XGBoost 1.7, in each format, which XGBoost4J 3.0.4 cannot load as it is. */
class GammaObjectiveTest {
    private static final String MODEL = "evaluator/reg-gamma";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xgboost-model, LEGACY_BINARY", "model.json, JSON", "model.ubj, UBJ"})
    void xgboost4jAloneCannotLoadIt(String file, ModelFormat format) {
        // Why GammaObjective exists. If this starts failing, XGBoost4J reads 1.x gamma models and it is a no-op.
        byte[] model = Fixtures.bytes(MODEL + "/" + file);
        assertThat(ModelFormat.detect(model, model.length)).isEqualTo(format);
        assertThatThrownBy(() -> XGBoost.loadModel(model)).isInstanceOf(XGBoostError.class)
                .hasMessageContaining("Invalid cast");
        assertThat(GammaObjective.complete(model, format)).isNotEqualTo(model);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({"xgboost-model, jvm", "xgboost-model, xgboost4j", "model.json, jvm", "model.json, xgboost4j",
            "model.ubj, jvm", "model.ubj, xgboost4j"})
    void servesItAsPythonPredictsIt(String file, String evaluator) throws Exception {
        Fixtures.put(dir, MODEL + "/" + file, file);
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            assertThat(((XGBoostModel) m).evaluator()).startsWith(evaluator + " (");
            XGBoostProviderTest.assertMatchesPython(m.predict(Fixtures.rows(MODEL)), Fixtures.expected(MODEL));
        }
    }

    @Test
    void leavesEveryOtherModelAlone() {
        for (String file : new String[] {"binary/xgboost-model", "regression/model.json", "multiclass/model.ubj",
                "evaluator/reg-tweedie/xgboost-model"}) {
            byte[] model = Fixtures.bytes(file);
            assertThat(GammaObjective.complete(model, ModelFormat.detect(model, model.length))).isSameAs(model);
        }
    }
}
