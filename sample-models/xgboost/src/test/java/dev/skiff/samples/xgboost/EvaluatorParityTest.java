package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.trees.TreeEvaluator;
import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both evaluators against Python's xgboost 1.7.4 on {@code fixtures/evaluator} (made by
 * {@code fixtures/make_evaluator_fixtures.py}: every objective of XGBoost 1.7, missing values, values equal to split
 * thresholds, deep, wide, many-class, random-forest and multi-target models, round limits) and on the first fixtures
 * in all three file formats.
 */
class EvaluatorParityTest {
    /** One line of cases.csv. */
    record Case(String name, String file, String objective, int[] limits, String servedBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    Path dir;

    static Stream<Case> cases() {
        return Fixtures.text("evaluator/cases.csv").lines().map(line -> {
            String[] f = line.split(",", -1);
            int[] limits = f[3].isEmpty() ? new int[0] : Arrays.stream(f[3].split(" ")).mapToInt(Integer::parseInt)
                    .toArray();
            return new Case(f[0], f[1], f[2], limits, f[4]);
        });
    }

    static Stream<Case> jvmCases() {
        return cases().filter(c -> c.servedBy().equals("jvm"));
    }

    static Stream<Arguments> firstFixtures() {
        return Stream.of("binary", "multiclass", "regression").flatMap(model -> Stream.of("xgboost-model",
                "model.json", "model.ubj").flatMap(file -> Stream.of("jvm", "xgboost4j").map(e -> Arguments.of(
                model, file, e))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void autoPicksTheEvaluatorTheCaseExpectsAndItMatchesPython(Case c) throws Exception {
        try (Model m = load(c, Map.of())) {
            assertThat(((XGBoostModel) m).evaluator()).startsWith(c.servedBy() + " (");
            assertMatches(m.predict(Fixtures.rows("evaluator/" + c.name())),
                    Fixtures.expected("evaluator/" + c.name()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void xgboost4jForcedMatchesPythonToo(Case c) throws Exception {
        try (Model m = load(c, Map.of(EvaluatorChoice.ENV, "xgboost4j"))) {
            assertThat(((XGBoostModel) m).evaluator()).startsWith("xgboost4j (");
            assertMatches(m.predict(Fixtures.rows("evaluator/" + c.name())),
                    Fixtures.expected("evaluator/" + c.name()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jvmCases")
    void roundLimitsPredictAsPythonsNtreeLimit(Case c) throws Exception {
        Fixtures.put(dir, "evaluator/" + c.name() + "/" + c.file(), c.file());
        Booster booster = MemberLoader.load(dir.resolve(c.file())).booster();
        byte[] json;
        try {
            json = booster.toByteArray("json");
        } finally {
            booster.dispose();
        }
        Batch rows = Fixtures.rows("evaluator/" + c.name());
        for (int limit : c.limits()) {
            TreeEvaluator trees = TreeEvaluator.compile(json, limit);
            float[] out = trees.predict(rows.dense(), rows.size());
            assertClose(out, trees.outputWidth(),
                    Fixtures.expected("evaluator/" + c.name(), "expected-rounds-" + limit + ".csv"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvmForcedRefusesWhatItCannotServeNamingWhy(Case c) throws Exception {
        if (c.servedBy().equals("jvm")) {
            return;
        }
        Fixtures.put(dir, "evaluator/" + c.name() + "/" + c.file(), c.file());
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir,
                Map.of(EvaluatorChoice.ENV, "jvm"))))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("SKIFF_XGBOOST_EVALUATOR=jvm")
                .hasMessageContaining("does not support");
    }

    @ParameterizedTest(name = "{0}/{1} by {2}")
    @MethodSource("firstFixtures")
    void firstFixturesMatchInEveryFormatWithEitherEvaluator(String model, String file, String evaluator)
            throws Exception {
        Fixtures.put(dir, model + "/" + file, file);
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            assertThat(((XGBoostModel) m).evaluator()).startsWith(evaluator + " (");
            assertMatches(m.predict(Fixtures.rows(model)), Fixtures.expected(model));
        }
    }

    @Test
    void infinitiesGoWhereXGBoostsInPlacePredictionSendsThem() throws Exception {
        // Python's DMatrix refuses infinities; its inplace_predict (checked: 0.9932494, 0.09935026, 0.98842305 for
        // these rows) and XGBoost4J's compare them as numbers. The codecs accept "inf", so both evaluators must agree.
        float inf = Float.POSITIVE_INFINITY;
        float[] rows = {inf, inf, inf, inf, inf, inf, -inf, -inf, -inf, -inf, -inf, -inf, inf, -inf, Float.NaN, 0, inf,
            -inf};
        Fixtures.put(dir, "binary/xgboost-model", "xgboost-model");
        float[][] answers = new float[2][];
        String[] evaluators = {"jvm", "xgboost4j"};
        for (int e = 0; e < 2; e++) {
            try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV,
                    evaluators[e])))) {
                Predictions p = m.predict(Batch.dense(1, rows, 6));
                answers[e] = new float[] {(Float) p.get(0), (Float) p.get(1), (Float) p.get(2)};
            }
        }
        assertThat(answers[0]).containsExactly(answers[1]).containsExactly(0.9932494f, 0.09935026f, 0.98842305f);
    }

    @Test
    void anUnknownEvaluatorIsRefusedNamingTheVariable() throws Exception {
        Fixtures.put(dir, "binary/model.json", "xgboost-model");
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir,
                Map.of(EvaluatorChoice.ENV, "fast"))))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessage("SKIFF_XGBOOST_EVALUATOR is 'fast'; it takes auto, jvm or xgboost4j");
    }

    private Model load(Case c, Map<String, String> env) throws Exception {
        Files.write(dir.resolve(c.file()), Fixtures.bytes("evaluator/" + c.name() + "/" + c.file()));
        return new XGBoostProvider().load(Fixtures.context(dir, env));
    }

    private static void assertMatches(Predictions predictions, float[][] expected) {
        assertThat(predictions.size()).isEqualTo(expected.length);
        int width = expected[0].length;
        float[] flat = new float[expected.length * width];
        for (int r = 0; r < expected.length; r++) {
            float[] row = XGBoostProviderTest.score(predictions, r);
            assertThat(row).as("row %d", r + 1).hasSize(width);
            System.arraycopy(row, 0, flat, r * width, width);
        }
        assertClose(flat, width, expected);
    }

    /** Equal to 1e-6, relative for values beyond 1 (a float32 has 7 significant digits). */
    static void assertClose(float[] actual, int width, float[][] expected) {
        assertThat(actual).hasSize(expected.length * width);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < width; c++) {
                float want = expected[r][c];
                float got = actual[r * width + c];
                assertThat(Math.abs((double) got - want)).as("row %d, value %d: %s, Python %s", r + 1, c + 1, got, want)
                        .isLessThanOrEqualTo(1e-6 * Math.max(1, Math.abs(want)));
            }
        }
    }
}
