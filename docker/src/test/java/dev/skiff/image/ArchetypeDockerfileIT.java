package dev.skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Invocation;
import dev.skiff.testing.SkiffContainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Dockerfile that the model archetype generates, built as a user would ({@code docker build --build-arg
 * SKIFF_IMAGE=...} after {@code mvn package}) on the image under test, with a model jar in {@code target/}: the image
 * it makes serves that model, found in {@code /opt/skiff/plugins/}. (The generated project itself is built and tested
 * by the archetype's own integration test.)
 */
@ExtendWith(DockerRequired.class)
class ArchetypeDockerfileIT {
    @Test
    void theGeneratedDockerfileAddsTheModelJarToTheSkiffImage() throws Exception {
        String base = Containers.image();
        Path project = Containers.workDir("archetype-dockerfile");
        Files.copy(Containers.dockerDir().resolve(
                "../sample-models/archetype/src/main/resources/archetype-resources/Dockerfile").normalize(),
                project.resolve("Dockerfile"));
        Containers.pluginJar(Files.createDirectories(project.resolve("target"))); // what mvn package leaves there
        Path model = Files.createDirectories(project.resolve("model"));
        Files.writeString(model.resolve("sum-model"), "features=3\nweight=2\n");
        String tag = base + "-archetype-model";

        ProcessBuilder build = new ProcessBuilder("docker", "build", "-q", "--build-arg", "SKIFF_IMAGE=" + base,
                "-t", tag, project.toString()).redirectErrorStream(true);
        build.environment().put("DOCKER_BUILDKIT", "0"); // the classic builder needs no buildx plugin
        Process p = build.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("docker build failed:\n%s", output).isZero();
        try (SkiffContainer c = new SkiffContainer(tag).serving(model)) {
            c.start();
            Invocation answer = c.invoke("text/csv", "1,2,3\n");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("12.0\n");
            assertThat(c.execInContainer("ls", "/opt/skiff/plugins").getStdout()).contains("skiff-it-plugin.jar");
        } finally {
            new ProcessBuilder("docker", "rmi", "-f", tag).redirectErrorStream(true).start()
                    .waitFor(1, TimeUnit.MINUTES);
        }
    }
}
