package dev.skiff.train;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("skiff.metrics");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private ch.qos.logback.classic.Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(level);
        logger.setAdditive(true);
    }

    @Test
    void linesHaveTheDocumentedShapeAndRegexesReadThem() {
        Metrics metrics = new Metrics();
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("train-auc", 0.93);
        values.put("validation-auc", 0.91);
        values.put("train-loss", 1.5e-7);
        metrics.iteration(12, values);
        metrics.reportFinal("validation-auc", 0.915);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "[skiff] iteration=12 train-auc=0.93; validation-auc=0.91; train-loss=1.5E-7;",
                "[skiff] final validation-auc=0.915;");
        String iterationLine = lines.list.get(0).getFormattedMessage();
        // the regexes docs/TRAINING.md tells users to paste into MetricDefinitions
        assertThat(first(" train-auc=([0-9.eE+-]+);", iterationLine)).isEqualTo("0.93");
        assertThat(first(" train-loss=([0-9.eE+-]+);", iterationLine)).isEqualTo("1.5E-7");
        assertThat(first(" auc=([0-9.eE+-]+);", iterationLine)).isNull(); // no match inside train-auc
        assertThat(first("iteration=([0-9]+) ", iterationLine)).isEqualTo("12");
        assertThat(first("\\[skiff\\] final.* validation-auc=([0-9.eE+-]+);", iterationLine)).isNull();
        assertThat(first("\\[skiff\\] final.* validation-auc=([0-9.eE+-]+);", lines.list.get(1)
                .getFormattedMessage())).isEqualTo("0.915");
        assertThat(metrics.finalMetrics()).containsExactly(Map.entry("validation-auc", 0.915));
    }

    @Test
    void finalMetricsFallBackToTheLastIteration() {
        Metrics metrics = new Metrics();
        metrics.iteration(1, Map.of("loss", 2.0));
        metrics.iteration(2, Map.of("loss", 1.0));
        assertThat(metrics.finalMetrics()).containsExactly(Map.entry("loss", 1.0));
    }

    @Test
    void namesThatWouldBreakTheLineAreRefused() {
        assertThatThrownBy(() -> new Metrics().reportFinal("bad name;", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name;");
    }

    private static String first(String regex, String line) {
        Matcher m = Pattern.compile(regex).matcher(line);
        return m.find() ? m.group(1) : null;
    }
}
