package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The container's metrics against scikit-learn's values (fixtures/make_training_fixtures.py). */
class ContainerMetricsTest {
    static final Path METRICS = Path.of("src/test/resources/training/metrics");

    @ParameterizedTest
    @ValueSource(strings = {"binary", "multiclass", "regression", "none-predicted"})
    void equalScikitLearnsValues(String name) throws IOException {
        List<String> lines = Files.readAllLines(METRICS.resolve(name + ".csv"));
        float[] labels = new float[lines.size()];
        float[][] margins = new float[lines.size()][];
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            labels[r] = Float.parseFloat(cells[0]);
            margins[r] = new float[cells.length - 1];
            for (int k = 1; k < cells.length; k++) {
                margins[r][k - 1] = Float.parseFloat(cells[k]);
            }
        }
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(METRICS.resolve(name + "-expected.csv"))) {
            expected.put(line.split(",")[0], Double.parseDouble(line.split(",")[1]));
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        expected.forEach((metric, value) -> assertThat(ContainerMetrics.compute(metric, "validation", labels, margins))
                .as(metric).isCloseTo(value, within(1e-6 * Math.max(1, Math.abs(value)))));
    }

    @Test
    void matchTheContainersOwnUnitTestValues() {
        // test_custom_metrics.py: ten rows, labels 1,1,1,1,1,0,0,0,0,0, every margin log(0.7/0.3) - 0.5 > 0
        float[] labels = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        float[][] margins = new float[10][];
        java.util.Arrays.fill(margins, new float[] {(float) (Math.log(0.7 / 0.3) - 0.5)});
        assertThat(ContainerMetrics.compute("accuracy", "train", labels, margins)).isEqualTo(0.5);
        assertThat(ContainerMetrics.compute("f1", "train", labels, margins)).isEqualTo(1.0 / 3);
        assertThat(ContainerMetrics.compute("f1_binary", "train", labels, margins)).isEqualTo(2.0 / 3);
        assertThat(ContainerMetrics.compute("precision", "train", labels, margins)).isEqualTo(0.5);
        assertThat(ContainerMetrics.compute("recall", "train", labels, margins)).isEqualTo(1.0);
        float[][] ones = new float[10][];
        java.util.Arrays.fill(ones, new float[] {1});
        assertThat(ContainerMetrics.compute("mse", "train", labels, ones)).isEqualTo(0.5);
        assertThat(ContainerMetrics.compute("rmse", "train", labels, ones)).isEqualTo(Math.sqrt(0.5));
        assertThat(ContainerMetrics.compute("r2", "train", labels, ones)).isEqualTo(-1.0);
    }

    @Test
    void emptyDataScoresZeroAndConstantLabelsFollowScikitLearnsR2() {
        assertThat(ContainerMetrics.compute("accuracy", "train", new float[0], new float[0][])).isZero();
        float[] same = {2, 2, 2};
        assertThat(ContainerMetrics.compute("r2", "train", same, new float[][] {{2}, {2}, {2}})).isEqualTo(1.0);
        assertThat(ContainerMetrics.compute("r2", "train", same, new float[][] {{2}, {2}, {3}})).isEqualTo(0.0);
    }

    @Test
    void aMetricThatDoesNotFitTheDataFailsNamingItAndTheData() {
        float[][] binaryMargins = {{1}, {-1}, {1}};
        assertThatThrownBy(() -> ContainerMetrics.compute("accuracy", "validation", new float[] {0.5f, 1, 0},
                binaryMargins)).isInstanceOf(TrainingException.class)
                .hasMessage("metric accuracy needs class labels (whole numbers) but 'validation' has label 0.5: use a"
                        + " regression metric such as rmse or r2");
        float[][] threeClasses = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertThatThrownBy(() -> ContainerMetrics.compute("precision", "train", new float[] {0, 1, 2},
                threeClasses)).hasMessage("metric precision is for two classes (0 and 1) but labels and predictions"
                + " on 'train' hold 3: use precision_macro or precision_micro instead");
        assertThatThrownBy(() -> ContainerMetrics.compute("mse", "train", new float[] {0, 1, 2}, threeClasses))
                .hasMessageStartingWith("metric mse compares one prediction per row with the label, but the"
                        + " objective gives 3 per row on 'train'");
    }
}
