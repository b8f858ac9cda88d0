package dev.skiff.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerStatus;

/**
 * A Skiff image under test (Testcontainers): {@link #train} runs a training job against an {@code /opt/ml} folder,
 * {@link #serving} serves a model folder the way SageMaker mounts it (read-only), and {@link #invoke} posts to
 * {@code /invocations} over real HTTP. The port is published on 127.0.0.1 only.
 *
 * <pre>{@code
 * SkiffContainer.Training t = new SkiffContainer("my-model:latest").withEnv("SKIFF_TRAINER", "mine").train(ml);
 * try (SkiffContainer c = new SkiffContainer("my-model:latest").serving(ml.resolve("model"))) {
 *     c.start();                                   // returns once /ping answers 200
 *     Invocation a = c.invoke("text/csv", "1,2,3\n");
 * }
 * }</pre>
 */
public class SkiffContainer extends GenericContainer<SkiffContainer> {
    /** SageMaker's serving port. */
    public static final int PORT = 8080;

    private int port = PORT;

    public SkiffContainer(String image) {
        super(image);
    }

    /** What a training container did: its exit code and its whole log. */
    public record Training(long exitCode, String logs) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code train} in this container with {@code ml} mounted as {@code /opt/ml} (read-write: the model lands in
     * {@code ml/model}, a failure's reason in {@code ml/output/failure}), waits at most 10 minutes for it to exit, and
     * removes the container. A failed job is a {@link Training} with its exit code, not an exception.
     */
    public Training train(Path ml) {
        withCommand("train")
                .withFileSystemBind(ml.toAbsolutePath().toString(), "/opt/ml", BindMode.READ_WRITE)
                .withStartupCheckStrategy(new Exited().withTimeout(Duration.ofMinutes(10)));
        try {
            start(); // returns once the job has exited, whatever its code
            Long code = getCurrentContainerInfo().getState().getExitCodeLong();
            return new Training(code == null ? -1 : code, getLogs());
        } finally {
            stop();
        }
    }

    /** Started once the container has exited, successfully or not (Testcontainers' one-shot check drops a failure). */
    private static final class Exited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            return DockerStatus.isContainerStopped(getCurrentState(docker, containerId))
                    ? StartupStatus.SUCCESSFUL : StartupStatus.NOT_YET_KNOWN;
        }
    }

    /** Serves {@code modelDir} ({@code /opt/ml/model}, read-only) on SageMaker's port; {@link #start} waits for 200. */
    public SkiffContainer serving(Path modelDir) {
        return serving(modelDir, PORT);
    }

    /** As {@link #serving(Path)}, on {@code port} in the container (set {@code SAGEMAKER_BIND_TO_PORT} to match). */
    public SkiffContainer serving(Path modelDir, int port) {
        this.port = port;
        withCommand("serve")
                .withFileSystemBind(modelDir.toAbsolutePath().toString(), "/opt/ml/model", BindMode.READ_ONLY)
                .withExposedPorts(port)
                .waitingFor(Wait.forHttp("/ping").forPort(port).forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        return withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port))));
    }

    /** Adds a model jar to the image's {@code /opt/skiff/plugins/} (mounted read-only). */
    public SkiffContainer withPlugin(Path jar) {
        return withFileSystemBind(jar.toAbsolutePath().toString(), "/opt/skiff/plugins/" + jar.getFileName(),
                BindMode.READ_ONLY);
    }

    /** {@code http://127.0.0.1:<published port>} plus {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + getMappedPort(port) + path);
    }

    /** POSTs {@code body} to {@code /invocations}. */
    public Invocation invoke(String contentType, String body) {
        return Invocation.post(uri("/invocations"), contentType, null, body);
    }

    /** POSTs {@code body} to {@code /invocations} asking for {@code accept}. */
    public Invocation invoke(String contentType, String accept, String body) {
        return Invocation.post(uri("/invocations"), contentType, accept, body);
    }
}
