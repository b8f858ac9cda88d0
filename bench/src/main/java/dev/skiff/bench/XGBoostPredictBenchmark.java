package dev.skiff.bench;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
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

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * XGBoost4J's own prediction speed, without HTTP, on the rows of the HTTP load test ({@code bench/http}: 28 features
 * drawn uniformly from [-3, 3]; the 6 MB batch is about 21,000 rows): the ceiling Skiff's XGBoost sample can reach.
 * The model is 100 trees of depth 6 trained here on a synthetic binary classification (seeded).
 *
 * <p>Rows per second = ops/s x rows. {@code inplaceBatch} is what the sample does ({@code Booster.inplace_predict},
 * no DMatrix, no lock); {@code dmatrixBatch} is the older path ({@code Booster.predict(DMatrix)}, synchronized on
 * the booster). Run with two threads to see that in-place prediction scales and DMatrix prediction does not:
 * {@code java -jar bench/target/benchmarks.jar XGBoostPredict -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class XGBoostPredictBenchmark {
    static final int FEATURES = 28;

    @Param({"21000", "1"})
    public int rows;

    /** XGBoost's threads per predict call (0: all cores). */
    @Param({"0", "1"})
    public int nthread;

    private Booster booster;
    private float[] batch;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError {
        booster = train();
        booster.setParam("nthread", nthread);
        batch = rows(new Random(42), rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
    }

    @Benchmark
    public float[][] inplaceBatch() throws XGBoostError {
        return booster.inplace_predict(batch, rows, FEATURES, Float.NaN);
    }

    @Benchmark
    public float[][] dmatrixBatch() throws XGBoostError {
        DMatrix m = new DMatrix(batch, rows, FEATURES, Float.NaN);
        try {
            return booster.predict(m);
        } finally {
            m.dispose();
        }
    }

    static float[] rows(Random rng, int n) {
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 6 - 3);
        }
        return x;
    }

    /** 100 trees of depth 6 on 20,000 synthetic rows: the shape of model behind the PERFORMANCE.md figures. */
    static Booster train() throws XGBoostError {
        Random rng = new Random(7);
        int n = 20_000;
        float[] x = rows(rng, n);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int f = 0; f < FEATURES; f++) {
                z += Math.sin(x[i * FEATURES + f] * (f % 5 + 1)) * (f % 3 - 1);
            }
            y[i] = z + rng.nextGaussian() > 0 ? 1 : 0;
        }
        DMatrix train = new DMatrix(x, n, FEATURES, Float.NaN);
        try {
            train.setLabel(y);
            return XGBoost.train(train, Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3,
                    "seed", 1), 100, Map.of(), null, null);
        } finally {
            train.dispose();
        }
    }
}
