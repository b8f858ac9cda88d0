package dev.skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image's entrypoint script, run by {@code sh} (no Docker needed) with a stand-in {@code bin/skiff} that prints
 * its JVM options.
 */
class EntrypointIT {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "1", "yes", " yes "})
    void multiModelDefaultsComeWithEveryValueTheServerTakesAsOn(String on) throws Exception {
        assertThat(javaOpts(on)).isEqualTo("-Dimage -Dmulti -Duser");
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0", "no", ""})
    void andNotWithTheOthers(String off) throws Exception {
        assertThat(javaOpts(off)).isEqualTo("-Dimage -Duser");
    }

    private String javaOpts(String multiModel) throws IOException, InterruptedException {
        Path skiff = Files.createDirectories(home.resolve("bin")).resolve("skiff");
        Files.writeString(skiff, "#!/bin/sh\nprintf '%s' \"$JAVA_OPTS\"\n");
        Files.setPosixFilePermissions(skiff, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path entrypoint = Path.of(System.getProperty("skiff.docker.dir", "."), "image", "entrypoint");
        ProcessBuilder sh = new ProcessBuilder("sh", entrypoint.toAbsolutePath().toString(), "serve")
                .redirectErrorStream(true);
        sh.environment().put("SKIFF_HOME", home.toString());
        sh.environment().put("SKIFF_JVM_DEFAULTS", "-Dimage");
        sh.environment().put("SKIFF_JVM_MULTI_MODEL_DEFAULTS", "-Dmulti");
        sh.environment().put("SKIFF_CDS_ARCHIVE", "");
        sh.environment().put("JAVA_OPTS", "-Duser");
        sh.environment().put("SAGEMAKER_MULTI_MODEL", multiModel);
        Process process = sh.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.trim().replaceAll(" +", " ");
    }
}
