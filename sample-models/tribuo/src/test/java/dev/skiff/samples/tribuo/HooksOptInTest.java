package dev.skiff.samples.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.ModelHooks;
import dev.skiff.samples.tribuo.wine.WineHooks;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hooks=wine travels with the model: a service file in model/code/, nothing in the plugin jar. */
class HooksOptInTest {
    @TempDir
    Path modelDir;

    @Test
    void hooksWineWritesAServiceFileThatAModelClassLoaderFinds() throws Exception {
        Samples.train(modelDir, Samples.WINE_JSONL, null, new HashMap<>(), "task=regression", "label=quality",
                "hooks=wine");
        Path jar = modelDir.resolve(TribuoTraining.HOOKS_JAR);
        assertThat(jar).isRegularFile();
        // Like Skiff's model loader: a class loader over model/code/*.jar whose parent holds the plugin classes.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                getClass().getClassLoader())) {
            List<ModelHooks> found = ServiceLoader.load(ModelHooks.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList();
            assertThat(found).singleElement().isInstanceOf(WineHooks.class);
        }
    }

    @Test
    void withoutHooksNothingIsWrittenAndThePluginRegistersNone() throws Exception {
        Samples.train(modelDir, Samples.WINE_JSONL, null, new HashMap<>(), "label=quality");
        assertThat(modelDir.resolve("code")).doesNotExist();
        assertThat(getClass().getClassLoader().getResources("META-INF/services/dev.skiff.spi.ModelHooks")
                .hasMoreElements()).isFalse();
        assertThat(Files.readString(Path.of("src/main/resources/META-INF/services/dev.skiff.spi.ModelProvider")))
                .isEqualTo("dev.skiff.samples.tribuo.TribuoProvider\ndev.skiff.samples.tribuo.text.TextProvider\n");
    }
}
