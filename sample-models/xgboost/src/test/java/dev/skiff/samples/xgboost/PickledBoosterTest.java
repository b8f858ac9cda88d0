package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
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

import static dev.skiff.samples.xgboost.XGBoostProviderTest.assertMatchesPython;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pickled Boosters (fixtures/pickled, made by make_drop_in_fixtures.py): served as Python's xgboost predicts them
 * with {@code ntree_limit=best_ntree_limit}, as SageMaker's container does, and nothing else in a pickle is accepted.
 */
class PickledBoosterTest {
    private static final String DIR = "pickled/";

    @TempDir
    Path dir;

    static Stream<Arguments> filesByEvaluator() {
        return Stream.of("protocol-2.pkl", "protocol-3.pkl", "protocol-4.pkl", "protocol-5.pkl", "xgboost-1.0.pkl",
                "xgboost-0.90.pkl", "saved.json").flatMap(f -> Stream.of(Arguments.of(f, "jvm"),
                Arguments.of(f, "xgboost4j")));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("filesByEvaluator")
    void predictsWithTheFirstBestNtreeLimitTrees(String file, String evaluator) throws Exception {
        Fixtures.put(dir, DIR + file, "xgboost-model");
        float[][] limited = Fixtures.expected("pickled");
        float[][] allTrees = expected("pickled/expected-all-trees.csv");
        assertThat(limited[0][0]).isNotEqualTo(allTrees[0][0]); // the limit changes the answer
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            assertThat(((XGBoostModel) m).evaluator()).startsWith(evaluator);
            assertMatchesPython(m.predict(Fixtures.rows("binary")), limited);
        }
    }

    @Test
    void readsTheModelAndItsLimitAsData() throws Exception {
        for (String file : new String[] {"protocol-2.pkl", "protocol-4.pkl", "xgboost-1.0.pkl", "xgboost-0.90.pkl"}) {
            BoosterPickle.Contents c = BoosterPickle.read(Fixtures.bytes(DIR + file), file);
            assertThat(c.bestNtreeLimit()).as(file).isGreaterThan(1);
            assertThat(ModelFormat.detect(c.model(), c.model().length)).as(file)
                    .isIn(ModelFormat.UBJ, ModelFormat.LEGACY_BINARY);
        }
    }

    @Test
    void refusesAnotherClassByName() {
        assertThatThrownBy(() -> load("classifier.pkl"))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageStartingWith("xgboost-model is a Python pickle Skiff will not serve: it refers to "
                        + "xgboost.sklearn.XGBClassifier, and Skiff reads only a pickled xgboost.core.Booster")
                .hasMessageEndingWith("Nothing in it was run.");
    }

    @Test
    void refusesACallBeforeItCouldBeMade() {
        // The GLOBAL is refused when it is read, before the REDUCE that would call it.
        assertThatThrownBy(() -> load("system.pkl"))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("it refers to posix.system");
    }

    @Test
    void refusesTruncatedAndUnknownStreams() throws Exception {
        byte[] pickle = Fixtures.bytes(DIR + "protocol-3.pkl");
        Files.write(dir.resolve("xgboost-model"), Arrays.copyOf(pickle, pickle.length / 2));
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir)))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("truncated");
        byte[] inst = pickle.clone();
        inst[2] = 'i'; // INST (protocol 0's way to build an object) where GLOBAL was
        Files.write(dir.resolve("xgboost-model"), inst);
        assertThatThrownBy(() -> new XGBoostProvider().load(Fixtures.context(dir)))
                .hasMessageContaining("opcode 0x69 at byte 2 is not one a pickled Booster uses");
    }

    private void load(String file) throws Exception {
        Fixtures.put(dir, DIR + file, "xgboost-model");
        new XGBoostProvider().load(Fixtures.context(dir)).close();
    }

    private static float[][] expected(String resource) {
        return Fixtures.text(resource).lines().map(line -> new float[] {Float.parseFloat(line)})
                .toArray(float[][]::new);
    }
}
