package dev.skiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports point inward: {@code http -> exec -> model -> spi}, {@code http -> codec -> spi}, and only {@code http}
 * (and {@link ServeMain}'s wiring, which does not) touches Netty. {@code spi} and {@code codec} are modules of their
 * own ({@code runtime/spi}, {@code runtime/codec}) without Netty, so the compiler holds them; this test holds the
 * packages inside this module. Read from the sources: plain, and it fails with the offending file and line.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/skiff");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    /** For each package, the Skiff packages it may import (besides itself). */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "config", List.of(),
            "model", List.of("spi"),
            "exec", List.of("model", "spi"),
            "capture", List.of("codec", "config", "spi"),
            "http", List.of("exec", "capture", "codec", "config", "spi"));

    @Test
    void importsPointInwardAndOnlyHttpUsesNetty() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file);
                String pkg = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (imported.startsWith("io.netty") && !pkg.equals("http")) {
                        violations.add(relative + " imports " + imported);
                    }
                    if (imported.startsWith("dev.skiff.") && !pkg.isEmpty()) {
                        String target = imported.substring("dev.skiff.".length()).split("\\.")[0];
                        if (!target.equals(pkg) && !ALLOWED.getOrDefault(pkg, List.of()).contains(target)) {
                            violations.add(relative + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageIsDeclaredHere() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList())
                    .allMatch(ALLOWED::containsKey, "has an entry in ALLOWED");
        }
    }
}
