package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Model.predict is called from several worker threads at once, with no lock, whichever evaluator serves. */
class ConcurrentPredictTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jvm", "xgboost4j"})
    void manyThreadsGetPythonsAnswerEveryTime(String evaluator) throws Exception {
        Fixtures.put(dir, "multiclass/model.ubj", "xgboost-model");
        Batch rows = Fixtures.rows("multiclass");
        float[][] expected = Fixtures.expected("multiclass");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Model m = new XGBoostProvider().load(Fixtures.context(dir, Map.of(EvaluatorChoice.ENV, evaluator)))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        // alternate the whole batch and single rows so calls of different sizes overlap
                        if (i % 2 == 0) {
                            XGBoostProviderTest.assertMatchesPython(m.predict(rows), expected);
                        } else {
                            int r = i % rows.size();
                            float[] one = new float[rows.width()];
                            System.arraycopy(rows.dense(), r * rows.width(), one, 0, rows.width());
                            XGBoostProviderTest.assertMatchesPython(m.predict(Batch.dense(1, one, rows.width())),
                                    new float[][] {expected[r]});
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
