package dev.skiff.image;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests need a Docker engine. Without one they are skipped, saying why, except in CI ({@code CI=true}),
 * where they are required: there the missing engine fails the test class instead.
 */
final class DockerRequired implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = "";
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
        } catch (RuntimeException e) {
            why = ": " + e.getMessage();
        }
        String message = "no Docker engine reachable" + why + " (start dockerd, or run docker/ci-setup.sh as root)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + message + ": the container tests are required in CI");
        }
        System.err.println("[container tests] skipped: " + message);
        return ConditionEvaluationResult.disabled("container tests skipped: " + message);
    }
}
