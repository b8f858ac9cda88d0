package dev.skiff.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkiffConfigTest {
    @Test
    void defaultsFollowSageMaker() {
        SkiffConfig c = SkiffConfig.fromEnvironment(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.mlRoot()).isEqualTo(Path.of("/opt/ml"));
        assertThat(c.modelDir()).isEqualTo(Path.of("/opt/ml/model"));
        assertThat(c.pluginsDir()).isEqualTo(Path.of("/opt/skiff/plugins"));
        assertThat(c.bodyLimit()).isEqualTo(new BodyLimit(6L * 1024 * 1024, "default"));
        assertThat(c.keepServingOnLoadFailure()).isFalse();
        assertThat(c.logCustomAttributes()).isFalse();
        assertThat(c.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.predictionTimeoutSeconds()).isEqualTo(60);
        assertThat(c.drainTimeoutSeconds()).isLessThan(25);
    }

    @Test
    void sageMakerVariablesWinOverSkiffOnes() {
        SkiffConfig c = SkiffConfig.fromEnvironment(Map.of(
                "SAGEMAKER_BIND_TO_PORT", "9001", "SKIFF_PORT", "9002",
                "SAGEMAKER_MODEL_SERVER_WORKERS", "3", "SKIFF_WORKERS", "5",
                "SAGEMAKER_MODEL_SERVER_TIMEOUT", "7",
                "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "application/json"));
        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.predictionTimeoutSeconds()).isEqualTo(7);
        assertThat(c.defaultAccept()).isEqualTo("application/json");
        assertThat(SkiffConfig.fromEnvironment(Map.of("SKIFF_PORT", "9002")).port()).isEqualTo(9002);
    }

    @Test
    void bodyLimitPrecedenceIsSkiffThenSageMakerThenMaxContentLengthThenSixMegabytes() {
        Map<String, String> all = Map.of("SKIFF_MAX_PAYLOAD_MB", "100", "SAGEMAKER_MAX_PAYLOAD_IN_MB", "50",
                "MAX_CONTENT_LENGTH", "4096");
        assertThat(limit(all)).isEqualTo(new BodyLimit(100L << 20, "SKIFF_MAX_PAYLOAD_MB=100"));
        Map<String, String> noSkiff = new java.util.HashMap<>(all);
        noSkiff.remove("SKIFF_MAX_PAYLOAD_MB");
        assertThat(limit(noSkiff)).isEqualTo(new BodyLimit(50L << 20, "SAGEMAKER_MAX_PAYLOAD_IN_MB=50"));
        BodyLimit bytes = limit(Map.of("MAX_CONTENT_LENGTH", "4096"));
        assertThat(bytes).isEqualTo(new BodyLimit(4096, "MAX_CONTENT_LENGTH=4096"));
        assertThat(bytes.megabytes()).as("reported as at least 1 MB").isEqualTo(1);
        assertThat(bytes.exceededBy(4096)).isFalse();
        assertThat(bytes.exceededBy(4097)).isTrue();
        assertThat(limit(Map.of()).toString()).isEqualTo("6 MB (default)");
    }

    @Test
    void zeroMegabytesFromTheJobMeansNoLimitAndIsReportedAsZero() {
        BodyLimit none = limit(Map.of("SAGEMAKER_MAX_PAYLOAD_IN_MB", "0", "MAX_CONTENT_LENGTH", "4096"));
        assertThat(none.none()).isTrue();
        assertThat(none.megabytes()).isZero();
        assertThat(none.exceededBy(Long.MAX_VALUE)).isFalse();
        assertThat(none.discardBytes()).as("an unwanted body is still dropped only so far").isEqualTo(6L << 20);
        assertThat(none.toString()).isEqualTo("none (SAGEMAKER_MAX_PAYLOAD_IN_MB=0)");
        assertThat(limit(Map.of("SKIFF_MAX_PAYLOAD_MB", "0", "SAGEMAKER_MAX_PAYLOAD_IN_MB", "5")).none()).isTrue();
        assertThat(limit(Map.of("SKIFF_MAX_PAYLOAD_MB", "7", "SAGEMAKER_MAX_PAYLOAD_IN_MB", "0")).megabytes())
                .as("the operator's explicit choice wins over the job's").isEqualTo(7);
    }

    @Test
    void badBodyLimitsNameTheVariable() {
        assertThatThrownBy(() -> limit(Map.of("SAGEMAKER_MAX_PAYLOAD_IN_MB", "-1")))
                .hasMessageContaining("SAGEMAKER_MAX_PAYLOAD_IN_MB='-1'");
        assertThatThrownBy(() -> limit(Map.of("MAX_CONTENT_LENGTH", "0")))
                .hasMessageContaining("MAX_CONTENT_LENGTH='0' must be a positive number");
        assertThatThrownBy(() -> limit(Map.of("SKIFF_MAX_PAYLOAD_MB", "lots")))
                .hasMessage("SKIFF_MAX_PAYLOAD_MB='lots' is not an integer");
    }

    private static BodyLimit limit(Map<String, String> env) {
        return SkiffConfig.fromEnvironment(env).bodyLimit();
    }

    @Test
    void batchTransformIsSageMakerBatchSet() {
        assertThat(SkiffConfig.fromEnvironment(Map.of()).batchTransform()).isFalse();
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH", "true")).batchTransform()).isTrue();
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH", "1")).batchTransform()).isTrue();
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH", "")).batchTransform()).isFalse();
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH", "False")).batchTransform()).isFalse();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> SkiffConfig.fromEnvironment(Map.of("SKIFF_BATCH_ROWS", "many")))
                .hasMessage("SKIFF_BATCH_ROWS='many' is not an integer");
        assertThatThrownBy(() -> SkiffConfig.fromEnvironment(Map.of("SKIFF_BATCH_ROWS", "0")))
                .hasMessageContaining("batchRows must be positive");
        assertThatThrownBy(() -> SkiffConfig.fromEnvironment(Map.of("SKIFF_EPOLL", "maybe")))
                .hasMessage("SKIFF_EPOLL='maybe' is not true or false");
    }

    @Test
    void batchStrategyIsReportedInTheContainersSpelling() {
        assertThat(SkiffConfig.fromEnvironment(Map.of()).batchStrategy()).isEqualTo("MULTI_RECORD");
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH_STRATEGY", "SINGLE_RECORD")).batchStrategy())
                .isEqualTo("SINGLE_RECORD");
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH_STRATEGY", "SingleRecord")).batchStrategy())
                .isEqualTo("SINGLE_RECORD");
        assertThatThrownBy(() -> SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_BATCH_STRATEGY", "BOTH")))
                .hasMessage("SAGEMAKER_BATCH_STRATEGY='BOTH' is not MULTI_RECORD or SINGLE_RECORD");
    }

    @Test
    void describeListsEveryField() {
        assertThat(SkiffConfig.fromEnvironment(Map.of()).describe())
                .containsKeys("port", "bodyLimit", "workers", "drainTimeoutSeconds")
                .hasSize(SkiffConfig.class.getRecordComponents().length);
    }
}
