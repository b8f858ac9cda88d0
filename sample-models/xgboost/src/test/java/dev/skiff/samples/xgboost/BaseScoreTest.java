package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * XGBoost 3.1+ writes base_score as a list. These tests doctor the Python-made regression model (base_score
 * 10.026694) into that form and check that Skiff serves it exactly as Python predicts it, or refuses it.
 */
class BaseScoreTest {
    private static final String SCALAR = "\"base_score\":\"1.0026694E1\"";

    @TempDir
    Path dir;

    private static String json() {
        String json = Fixtures.text("regression/model.json");
        assertThat(json).contains(SCALAR);
        return json;
    }

    private static byte[] listJson(String list) {
        return json().replace(SCALAR, "\"base_score\":\"" + list + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The UBJ fixture with its base_score string replaced by {@code text} (length prefix rewritten). */
    private static byte[] listUbj(String text) {
        byte[] ubj = Fixtures.bytes("regression/model.ubj");
        UbjStrings.Found found = UbjStrings.find(ubj, "learner", "learner_model_param", "base_score");
        assertThat(found.text()).isEqualTo("1.0026694E1");
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(ubj.length - (found.end() - found.start()) + 10 + t.length);
        out.put(ubj, 0, found.start()).put((byte) 'S').put((byte) 'L').putLong(t.length).put(t);
        out.put(ubj, found.end(), ubj.length - found.end());
        return out.array();
    }

    @Test
    void xgboost4jAloneReadsAListBaseScoreWrong() throws Exception {
        // Why BaseScore exists. If this starts failing, XGBoost4J reads lists now and the rewrite is a no-op.
        Booster raw = XGBoost.loadModel(listJson("[1.0026694E1]"));
        try {
            float[][] out = raw.inplace_predict(Fixtures.rows("regression").dense(), 12, 3, Float.NaN);
            assertThat(Math.abs(out[0][0] - Fixtures.expected("regression")[0][0])).isGreaterThan(1f);
        } finally {
            raw.dispose();
        }
    }

    @Test
    void servesAListBaseScoreFromJsonAsItsScalar() throws Exception {
        Files.write(dir.resolve("xgboost-model"), listJson("[1.0026694E1]"));
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir))) {
            assertThat(((XGBoostModel) m).header().baseScore()).isEqualTo(10.026694f);
            XGBoostProviderTest.assertMatchesPython(m.predict(Fixtures.rows("regression")),
                    Fixtures.expected("regression"));
        }
    }

    @Test
    void servesAListBaseScoreFromUbjAsItsScalar() throws Exception {
        Files.write(dir.resolve("model.ubj"), listUbj("[1.0026694E1]"));
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir))) {
            XGBoostProviderTest.assertMatchesPython(m.predict(Fixtures.rows("regression")),
                    Fixtures.expected("regression"));
        }
    }

    @Test
    void servesAListOfEqualValuesAsThatValue() throws Exception {
        Files.write(dir.resolve("xgboost-model"), listJson("[1.0026694E1, 1.0026694E1]"));
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir))) {
            XGBoostProviderTest.assertMatchesPython(m.predict(Fixtures.rows("regression")),
                    Fixtures.expected("regression"));
        }
    }

    @Test
    void refusesDifferentValuesPerTargetNamingBaseScore() throws Exception {
        Files.write(dir.resolve("xgboost-model"), listJson("[1.0026694E1,2E0]"));
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir)))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("base_score [1.0026694E1,2E0]");
        Files.delete(dir.resolve("xgboost-model"));
        Files.write(dir.resolve("model.ubj"), listUbj("[5E-1,2E0,3E0]"));
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir)))
                .hasMessageContaining("base_score [5E-1,2E0,3E0]");
    }

    @Test
    void refusesAnUnreadableBaseScore() throws Exception {
        Files.write(dir.resolve("xgboost-model"), listJson("[ten]"));
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir)))
                .hasMessageContaining("base_score");
    }

    @Test
    void leavesAScalarBaseScoreAlone() throws Exception {
        byte[] json = Fixtures.bytes("regression/model.json");
        BaseScore.Normalised n = BaseScore.normalise(json, ModelFormat.JSON, "m");
        assertThat(n.bytes()).isSameAs(json);
        assertThat(n.declared()).isEqualTo(10.026694f);
        byte[] ubj = Fixtures.bytes("regression/model.ubj");
        assertThat(BaseScore.normalise(ubj, ModelFormat.UBJ, "m").bytes()).isSameAs(ubj);
    }
}
