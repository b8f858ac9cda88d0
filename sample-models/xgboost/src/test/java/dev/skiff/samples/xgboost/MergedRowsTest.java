package dev.skiff.samples.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample accepts merged batches ({@code Model.acceptsMergedBatches}): that promises a row answers the same,
 * bit for bit, whichever rows it is predicted with. Checked for both evaluators on every evaluator fixture: all
 * rows in one call against each row alone.
 */
class MergedRowsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return EvaluatorParityTest.cases().flatMap(c -> Stream.of("auto", "xgboost4j").map(e -> Arguments.of(c, e)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("cases")
    void aRowAnswersTheSameAloneAsWithOthers(EvaluatorParityTest.Case c, String evaluator) throws Exception {
        Files.write(dir.resolve(c.file()), Fixtures.bytes("evaluator/" + c.name() + "/" + c.file()));
        Batch rows = Fixtures.rows("evaluator/" + c.name());
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            assertThat(m.acceptsMergedBatches()).isTrue();
            Predictions together = m.predict(rows);
            for (int r = 0; r < rows.size(); r++) {
                float[] one = new float[rows.width()];
                System.arraycopy(rows.dense(), r * rows.width(), one, 0, rows.width());
                float[] alone = XGBoostProviderTest.score(m.predict(Batch.dense(1, one, rows.width())), 0);
                assertThat(alone).as("row %d", r + 1).containsExactly(XGBoostProviderTest.score(together, r));
            }
        }
    }
}
