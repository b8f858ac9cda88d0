package dev.skiff.image;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.skiff.testing.SkiffContainer;
import dev.skiff.testmodel.SumModelProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;

/**
 * What the container tests share: the image (built once per run from {@code target/skiff/}), the
 * test plugin jar, and containers that publish their port on 127.0.0.1 only.
 */
final class Containers {
    static final String PLUGIN_IN_IMAGE = "/opt/skiff/plugins/skiff-it-plugin.jar";
    /** The tag the tests build: {@code -Dskiff.image.tag=TAG} keeps checkouts that test side by side apart. */
    private static final String IMAGE_TAG = System.getProperty("skiff.image.tag", "skiff:it");
    private static String image;

    private Containers() {
    }

    static Path dockerDir() {
        return Path.of(System.getProperty("skiff.docker.dir", ".")).toAbsolutePath();
    }

    /** A fresh folder under target/container-it/ (containers run as root write there; target/ is build output). */
    static Path workDir(String name) throws IOException {
        Path dir = dockerDir().resolve("target/container-it/" + name);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** The image under test: {@code -Dskiff.image=TAG}, else built once with docker/build-image.sh. */
    static synchronized String image() throws IOException, InterruptedException {
        if (image != null) {
            return image;
        }
        String given = System.getProperty("skiff.image", "").trim();
        if (!given.isEmpty()) {
            return image = given;
        }
        Path log = workDir("image-build").resolve("build-image.log");
        Process build = new ProcessBuilder("bash", dockerDir().resolve("build-image.sh").toString(), "--skip-maven",
                IMAGE_TAG).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            fail("docker/build-image.sh took over 15 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (build.exitValue() != 0) {
            fail("docker/build-image.sh failed (exit " + build.exitValue() + "):\n" + output);
        }
        System.out.print(output);
        return image = IMAGE_TAG;
    }

    /**
     * A jar with the runtime's test model ({@code SumModelProvider}) and {@link SumTrainer}, both registered as
     * services: mounted into the image's plugins folder for {@code train}; the trainer copies it into the model's
     * {@code code/} folder, from where {@code serve} loads it.
     */
    static Path pluginJar(Path dir) throws IOException, URISyntaxException {
        Path jar = dir.resolve("skiff-it-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            addClassFamily(out, SumModelProvider.class);
            addClassFamily(out, SumTrainer.class);
            addEntry(out, "META-INF/services/dev.skiff.spi.ModelProvider", SumModelProvider.class.getName());
            addEntry(out, "META-INF/services/dev.skiff.spi.Trainer", SumTrainer.class.getName());
        }
        return jar;
    }

    /**
     * {@code skiff serve} of the model in {@code modelDir} (mounted read-only, as SageMaker does) on {@code port},
     * loopback only; {@code start()} returns once {@code /ping} answers 200. The users' own helper, SkiffContainer.
     */
    static SkiffContainer serve(String image, Path modelDir, int port) {
        return new SkiffContainer(image).serving(modelDir, port);
    }

    /** Publishes the container's port on 127.0.0.1 only (a random host port), never on every interface. */
    static GenericContainer<?> onLoopbackOnly(GenericContainer<?> c, int port) {
        return c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port))));
    }

    private static void addEntry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write((content + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    /** Copies a class and its nested classes from wherever the class was loaded (a jar or a classes folder). */
    private static void addClassFamily(JarOutputStream out, Class<?> type) throws IOException, URISyntaxException {
        Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String prefix = type.getName().replace('.', '/');
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                walk.filter(Files::isRegularFile)
                        .map(p -> source.relativize(p).toString().replace('\\', '/'))
                        .forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    names.add(e.nextElement().getName());
                }
            }
        }
        for (String name : names) {
            if (name.equals(prefix + ".class") || name.startsWith(prefix + "$") && name.endsWith(".class")) {
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
