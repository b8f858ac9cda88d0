package dev.skiff.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Imports point inward: training may use codec and spi, never Netty or the serving packages. */
class DependencyDirectionTest {
    private static final List<String> FORBIDDEN = List.of("import io.netty", "import dev.skiff.http",
            "import dev.skiff.exec", "import dev.skiff.model", "import dev.skiff.ServeMain");

    @Test
    void trainingImportsNothingFromTheServingSide() throws IOException {
        Path sources = Path.of("src/main/java/dev/skiff/train");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(file);
                for (String forbidden : FORBIDDEN) {
                    assertThat(text).as(file + " imports " + forbidden).doesNotContain(forbidden);
                }
            }
        }
    }
}
