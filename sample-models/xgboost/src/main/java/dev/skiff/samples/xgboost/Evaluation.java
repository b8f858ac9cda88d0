package dev.skiff.samples.xgboost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One round's metrics (or a cross-validation summary), in the order the container prints them, and that line:
 * {@code [12]\ttrain-auc:0.99000\tvalidation-auc:0.95000}, five decimals as XGBoost's {@code EvaluationMonitor}
 * writes them. SageMaker's tuning regexes ({@code .*\[[0-9]+\].*#011validation-auc:(\S+)}) read that line.
 *
 * @param round   the round's number counted from 0 across resumes, or {@code num_round} for a summary
 */
record Evaluation(int round, List<Metric> metrics) {
    /** One evaluation result, e.g. {@code validation} / {@code auc} / 0.93. */
    record Metric(String data, String name, double value) {
        /** {@code validation-auc}: how XGBoost and the container name it. */
        String key() {
            return data + "-" + name;
        }
    }

    Evaluation {
        metrics = List.copyOf(metrics);
    }

    /** The container's line for this round: {@code [N]} then {@code <TAB>data-metric:value} for each metric. */
    String line() {
        StringBuilder line = new StringBuilder("[").append(round).append(']');
        for (Metric m : metrics) {
            line.append('\t').append(m.key()).append(':').append(fixed(m.value(), 5));
        }
        return line.toString();
    }

    /** Every metric by {@link Metric#key()}, in order. */
    Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach(m -> out.put(m.key(), m.value()));
        return out;
    }

    OptionalDouble value(String data, String name) {
        for (Metric m : metrics) {
            if (m.data().equals(data) && m.name().equals(name)) {
                return OptionalDouble.of(m.value());
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * {@code value} with {@code decimals} digits as C's {@code printf("%.Nf")} and Python write it: the exact
     * binary value rounded half to even ({@code nan}, {@code inf} for the others).
     */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
