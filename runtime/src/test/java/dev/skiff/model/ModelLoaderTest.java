package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.SkiffException;
import dev.skiff.testmodel.EveryDirProvider;
import dev.skiff.testmodel.LabelHooks;
import dev.skiff.testmodel.RawCountProvider;
import dev.skiff.testmodel.SumModelProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    @TempDir
    Path tmp;
    Path modelDir;
    Path plugins;

    @BeforeEach
    void model() throws IOException {
        modelDir = Files.createDirectories(tmp.resolve("model"));
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.writeString(modelDir.resolve(SumModelProvider.FILE), "features=2\nweight=1\n");
    }

    private LoadedModel load(String provider) throws Exception {
        return new ModelLoader(plugins, modelDir, provider, Map.of(), 1).load();
    }

    /** A jar holding only a service registration: the class itself comes from the parent loader. */
    private static void serviceJar(Path jar, Class<?> service, Class<?> implementation) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry("META-INF/services/" + service.getName()));
            out.write((implementation.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void theOneProviderThatRecognisesTheModelLoadsIt() throws Exception {
        try (LoadedModel model = load("")) {
            assertThat(model.name()).isEqualTo("sum");
            assertThat(model.schema().featureCount()).isEqualTo(2);
            float[] scores = model.predict(Batch.dense(1, new float[] {1, 2, 3, 4}, 2)).scores();
            assertThat(scores).containsExactly(3f, 7f);
        }
    }

    @Test
    void anUnknownProviderNameSaysWhatIsInstalled() {
        assertThatThrownBy(() -> load("xgboost")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("SKIFF_MODEL_PROVIDER='xgboost'").hasMessageContaining("[sum]");
    }

    @Test
    void noProviderRecognisingTheModelIsAClearError() throws IOException {
        Files.delete(modelDir.resolve(SumModelProvider.FILE));
        assertThatThrownBy(() -> load("")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no model provider recognises " + modelDir);
    }

    @Test
    void severalProvidersRecognisingTheModelAskForAChoice() throws Exception {
        serviceJar(modelDir.resolve("code/greedy.jar"), ModelProvider.class, EveryDirProvider.class);
        assertThatThrownBy(() -> load("")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("several model providers").hasMessageContaining("sum")
                .hasMessageContaining("greedy").hasMessageContaining("SKIFF_MODEL_PROVIDER");
        try (LoadedModel chosen = load("sum")) {
            assertThat(chosen.name()).isEqualTo("sum");
        }
    }

    @Test
    void hooksFromThePluginsFolderValidateAndPostProcess() throws Exception {
        serviceJar(plugins.resolve("hooks.jar"), ModelHooks.class, LabelHooks.class);
        try (LoadedModel model = load("")) {
            assertThat(model.schema().featureNames()).containsExactly("density", "f2");
            assertThat(model.predict(Batch.dense(1, new float[] {0.5f, 1, 0.2f, 0.1f}, 2)).get(0)).isEqualTo("good");
            assertThat(model.predict(Batch.dense(1, new float[] {0.5f, 1, 0.2f, 0.1f}, 2)).get(1)).isEqualTo("bad");
            assertThatThrownBy(() -> model.predict(Batch.dense(7, new float[] {0.5f, 0, 1.5f, 0}, 2)))
                    .isInstanceOf(SkiffException.class)
                    .hasMessage("row 8, column density: density 1.5 is outside (0, 1)");
        }
    }

    @Test
    void aRawModelIsLoadedAsOneAndRefusesHooks() throws Exception {
        Files.delete(modelDir.resolve(SumModelProvider.FILE));
        Files.writeString(modelDir.resolve(RawCountProvider.FILE), "");
        serviceJar(modelDir.resolve("code/raw.jar"), ModelProvider.class, RawCountProvider.class);
        try (LoadedModel model = load("")) {
            assertThat(model.raw()).isTrue();
            assertThat(model.rawContentTypes()).containsExactly("text/plain", "application/octet-stream");
            assertThatThrownBy(model::schema).isInstanceOf(IllegalStateException.class);
        }
        serviceJar(plugins.resolve("hooks.jar"), ModelHooks.class, LabelHooks.class);
        assertThatThrownBy(() -> load("")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(LabelHooks.class.getName()).hasMessageContaining("raw model");
    }
}
