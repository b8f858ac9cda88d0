package dev.skiff.bench;

import dev.skiff.samples.xgboost.trees.TreeEvaluator;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The XGBoost sample's two evaluators on the same rows: Skiff's JVM tree evaluator ({@code jvm}) and XGBoost4J's
 * {@code inplace_predict} ({@code xgboost4j}, {@code nthread=1}: what the sample sets with 2 model workers on 2
 * cores). The model is {@link XGBoostPredictBenchmark}'s: 100 trees of depth 6 on 28 features, binary:logistic, the
 * shape {@code bench/http/xgboost.sh} serves; the rows are drawn the same way (uniform in [-3, 3], seeded), and then
 * a fraction {@code missing} of their values is made NaN (seeded), as empty CSV fields and sparse rows make them.
 *
 * <p>Rows per second = ops/s x rows. Run with {@code -t 1} and {@code -t 2} (calls from one and two threads at
 * once, as one and two model workers make them). Setup checks that both evaluators give the same predictions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TreeEvaluatorBenchmark {
    static final int FEATURES = XGBoostPredictBenchmark.FEATURES;

    @Param({"1", "16", "1000", "21000"})
    public int rows;

    @Param({"0", "0.05"})
    public double missing;

    private Booster booster;
    private TreeEvaluator trees;
    private float[] batch;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        booster = XGBoostPredictBenchmark.train();
        booster.setParam("nthread", 1);
        trees = TreeEvaluator.compile(booster.toByteArray("json"), 0);
        batch = XGBoostPredictBenchmark.rows(new Random(42), rows);
        Random holes = new Random(7);
        for (int i = 0; i < batch.length; i++) {
            if (holes.nextDouble() < missing) {
                batch[i] = Float.NaN;
            }
        }
        float[] jvm = jvm();
        float[][] native4j = xgboost4j();
        for (int r = 0; r < rows; r++) {
            if (Math.abs(jvm[r] - native4j[r][0]) > 1e-6f) {
                throw new IllegalStateException("row " + r + ": jvm " + jvm[r] + ", xgboost4j " + native4j[r][0]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
    }

    @Benchmark
    public float[] jvm() {
        return trees.predict(batch, rows);
    }

    @Benchmark
    public float[][] xgboost4j() throws XGBoostError {
        return booster.inplace_predict(batch, rows, FEATURES, Float.NaN);
    }
}
