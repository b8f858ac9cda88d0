package dev.skiff.samples.xgboost.trees;

import java.util.Map;
import java.util.Optional;

/**
 * How an objective turns base_score into a starting margin ({@code ProbToMargin}) and the summed margins into the
 * prediction ({@code PredTransform}), as XGBoost 1.7 does both: in float32, with XGBoost's own formulas.
 */
enum Link {
    /** Margin is the prediction: squared, squared-log, pseudo-Huber and absolute error, logitraw, ranking. */
    IDENTITY,
    /** {@code binary:logistic}, {@code reg:logistic}: logit of base_score, XGBoost's clamped sigmoid. */
    LOGISTIC,
    /** Log-link objectives (Poisson, gamma, Tweedie, Cox, AFT): log of base_score, exp of the margin. */
    EXP,
    /** {@code binary:hinge}: 1 for a positive margin, else 0. */
    HINGE,
    /** {@code multi:softprob}: softmax over the classes. */
    SOFTPROB,
    /** {@code multi:softmax}: the index of the largest margin, as a float. */
    SOFTMAX;

    /** Every objective XGBoost 1.7 has (SageMaker's container serves all but {@code reg:absoluteerror}). */
    private static final Map<String, Link> BY_OBJECTIVE = Map.ofEntries(
            Map.entry("reg:squarederror", IDENTITY), Map.entry("reg:linear", IDENTITY),
            Map.entry("reg:squaredlogerror", IDENTITY), Map.entry("reg:pseudohubererror", IDENTITY),
            Map.entry("reg:absoluteerror", IDENTITY), Map.entry("binary:logitraw", IDENTITY),
            Map.entry("rank:pairwise", IDENTITY), Map.entry("rank:ndcg", IDENTITY), Map.entry("rank:map", IDENTITY),
            Map.entry("binary:logistic", LOGISTIC), Map.entry("reg:logistic", LOGISTIC),
            Map.entry("count:poisson", EXP), Map.entry("reg:gamma", EXP), Map.entry("reg:tweedie", EXP),
            Map.entry("survival:cox", EXP), Map.entry("survival:aft", EXP),
            Map.entry("binary:hinge", HINGE),
            Map.entry("multi:softprob", SOFTPROB),
            Map.entry("multi:softmax", SOFTMAX));

    static Optional<Link> of(String objective) {
        return Optional.ofNullable(BY_OBJECTIVE.get(objective));
    }

    /** Values per row after {@link #transform}: one class index for softmax, else one per group. */
    int outputWidth(int groups) {
        return this == SOFTMAX ? 1 : groups;
    }

    float margin(float baseScore) {
        return switch (this) {
            case LOGISTIC -> -(float) Math.log(1.0f / baseScore - 1.0f);
            case EXP -> (float) Math.log(baseScore);
            default -> baseScore;
        };
    }

    /**
     * Transforms {@code rows} rows of {@code groups} margins each into {@code out} from {@code outOffset}, row-major
     * with {@link #outputWidth} values per row.
     */
    void transform(float[] margins, int rows, int groups, float[] out, int outOffset) {
        switch (this) {
            case SOFTPROB -> {
                for (int r = 0; r < rows; r++) {
                    softmax(margins, r * groups, groups, out, outOffset + r * groups);
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < rows; r++) {
                    out[outOffset + r] = argmax(margins, r * groups, groups);
                }
            }
            default -> {
                int n = rows * groups;
                for (int i = 0; i < n; i++) {
                    out[outOffset + i] = apply(margins[i]);
                }
            }
        }
    }

    private float apply(float margin) {
        return switch (this) {
            case LOGISTIC -> sigmoid(margin);
            case EXP -> (float) Math.exp(margin);
            case HINGE -> margin > 0.0f ? 1.0f : 0.0f;
            default -> margin;
        };
    }

    /** XGBoost's {@code common::Sigmoid}: the exponent is clamped so that expf cannot overflow. */
    static float sigmoid(float x) {
        float e = Math.min(-x, 88.7f);
        float denominator = (float) Math.exp(e) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    /** XGBoost's {@code common::Softmax}: float exponents summed in double, each divided by the float sum. */
    private static void softmax(float[] m, int from, int n, float[] out, int to) {
        float max = m[from];
        for (int i = 1; i < n; i++) {
            max = fmax(m[from + i], max);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(m[from + i] - max);
            out[to + i] = e;
            sum += e;
        }
        float total = (float) sum;
        for (int i = 0; i < n; i++) {
            out[to + i] /= total;
        }
    }

    /** C's {@code fmaxf}: a NaN operand yields the other one. */
    private static float fmax(float a, float b) {
        if (a != a) {
            return b;
        }
        return b != b ? a : Math.max(a, b);
    }

    /** XGBoost's {@code FindMaxIndex}: the first index of the largest value. */
    private static float argmax(float[] m, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (m[from + i] > m[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
