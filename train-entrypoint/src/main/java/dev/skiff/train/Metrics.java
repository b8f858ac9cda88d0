package dev.skiff.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Metric log lines in one fixed shape that SageMaker {@code MetricDefinitions} regexes can read:
 * {@code [skiff] iteration=12 train-auc=0.93; validation-auc=0.91;} and {@code [skiff] final validation-auc=0.91;}.
 * Every metric is preceded by a space and ended by {@code ;}, so {@code  auc=} never matches inside {@code train-auc=}.
 */
final class Metrics {
    private static final Logger LOG = LoggerFactory.getLogger("skiff.metrics");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]+");

    private final Map<String, Double> finals = new LinkedHashMap<>();
    private Map<String, Double> lastIteration = Map.of();

    synchronized void iteration(int iteration, Map<String, Double> metrics) {
        StringBuilder line = new StringBuilder("[skiff] iteration=").append(iteration);
        metrics.forEach((name, value) -> append(line, name, value));
        lastIteration = new LinkedHashMap<>(metrics);
        LOG.info("{}", line);
    }

    synchronized void reportFinal(String name, double value) {
        StringBuilder line = new StringBuilder("[skiff] final");
        append(line, name, value);
        finals.put(name, value);
        LOG.info("{}", line);
    }

    /** What the manifest records: the final metrics, else the last iteration's. */
    synchronized Map<String, Double> finalMetrics() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(finals.isEmpty() ? lastIteration : finals));
    }

    private static void append(StringBuilder line, String name, Double value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name
                    + "' may hold only letters, digits and _ - . : /");
        }
        line.append(' ').append(name).append('=').append(value == null ? Double.NaN : value).append(';');
    }
}
