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
        assertThat(c.maxPayloadBytes()).isEqualTo(6L * 1024 * 1024);
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
    void payloadLimitPrecedence() {
        assertThat(SkiffConfig.fromEnvironment(Map.of("SKIFF_MAX_PAYLOAD_MB", "100", "MAX_CONTENT_LENGTH", "10"))
                .maxPayloadBytes()).isEqualTo(100L * 1024 * 1024);
        SkiffConfig bytes = SkiffConfig.fromEnvironment(Map.of("MAX_CONTENT_LENGTH", "4096",
                "SAGEMAKER_MAX_PAYLOAD_IN_MB", "50"));
        assertThat(bytes.maxPayloadBytes()).isEqualTo(4096);
        assertThat(bytes.maxPayloadMb()).isEqualTo(1);
        assertThat(SkiffConfig.fromEnvironment(Map.of("SAGEMAKER_MAX_PAYLOAD_IN_MB", "50")).maxPayloadMb())
                .isEqualTo(50);
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
                .containsKeys("port", "maxPayloadBytes", "workers", "drainTimeoutSeconds")
                .hasSize(SkiffConfig.class.getRecordComponents().length);
    }
}
