package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.skiff.samples.xgboost.XGBoostProviderTest.assertMatchesPython;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * k-fold ensembles (fixtures/ensemble, made by make_drop_in_fixtures.py): the members' mean, or their vote for
 * {@code multi:softmax} and {@code binary:hinge}, equal to what SageMaker's container computes with numpy and scipy.
 */
class EnsembleTest {
    @TempDir
    Path dir;

    private String put(String objective) throws IOException {
        String fixture = "ensemble/" + objective;
        for (int k = 0; k < 4; k++) {
            String member = fixture + "/xgboost-model-" + k;
            if (XGBoostProviderTest.class.getResource("/fixtures/" + member) != null) {
                Fixtures.put(dir, member, "xgboost-model-" + k);
            }
        }
        return fixture;
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({"binary-logistic, jvm", "multi-softprob, jvm", "multi-softmax, jvm", "binary-hinge, jvm",
            "binary-logistic, xgboost4j", "multi-softprob, xgboost4j", "multi-softmax, xgboost4j",
            "binary-hinge, xgboost4j"})
    void combinesAsTheContainerDoes(String objective, String evaluator) throws Exception {
        String fixture = put(objective);
        Files.writeString(dir.resolve(".DS_Store"), "Finder junk");
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            assertThat(((XGBoostModel) m).evaluator()).contains(evaluator)
                    .doesNotContain(evaluator.equals("jvm") ? "xgboost4j" : "jvm");
            assertMatchesPython(m.predict(Fixtures.rows(fixture)), Fixtures.expected(fixture));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binary-logistic", "multi-softmax"})
    void ensembleFalseServesTheFirstFile(String objective) throws Exception {
        String fixture = put(objective);
        float[][] first = expected(fixture + "/expected-first.csv");
        assertThat(first).isNotEqualTo(Fixtures.expected(fixture));
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir,
                Map.of(XGBoostProvider.ENSEMBLE_ENV, "false")))) {
            assertMatchesPython(m.predict(Fixtures.rows(fixture)), first);
        }
    }

    @Test
    void aTieInTheVoteGoesToTheSmallestLabel() throws Exception {
        Scorer[] members = {constant(1f), constant(0f), constant(1f), constant(0f)};
        try (Ensemble e = new Ensemble(java.util.List.of(members), "binary:hinge")) {
            assertThat(e.score(new float[] {0f}, 1, 1)).containsExactly(0f);
            assertThat(e.describe()).isEqualTo("vote of constant 1.0; constant 0.0; constant 1.0; constant 0.0");
        }
    }

    private static Scorer constant(float value) {
        return new Scorer() {
            @Override
            public float[] score(float[] dense, int rows, int width) {
                return new float[] {value};
            }

            @Override
            public String describe() {
                return "constant " + value;
            }

            @Override
            public void close() {
            }
        };
    }

    private static float[][] expected(String resource) {
        return Fixtures.table(Fixtures.text(resource));
    }
}
