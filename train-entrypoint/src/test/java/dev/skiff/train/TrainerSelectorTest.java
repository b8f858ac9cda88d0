package dev.skiff.train;

import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerSelectorTest {
    @TempDir
    Path plugins;

    private final ClassLoader app = getClass().getClassLoader();

    @Test
    void findsTheClasspathTrainers() {
        assertThat(TrainerSelector.discover(app)).containsOnlyKeys("line-count", "checkpointing", "group");
    }

    @Test
    void findsTrainersInPluginJars() throws Exception {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("extra-1.0.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.skiff.spi.Trainer"));
            jar.write("dev.skiff.train.PluginOnlyTrainer\n".getBytes(StandardCharsets.UTF_8));
        }
        ClassLoader loader = TrainerSelector.pluginLoader(plugins, app);
        assertThat(TrainerSelector.discover(loader))
                .containsOnlyKeys("line-count", "checkpointing", "group", "plugin-only");
        assertThat(TrainerSelector.pluginLoader(plugins.resolve("absent"), app)).isSameAs(app);
    }

    @Test
    void choosesByHyperparameterThenEnvironmentThenTheOnlyOne() {
        Map<String, Trainer> found = TrainerSelector.discover(app);
        assertThat(TrainerSelector.choose(found, Optional.of("line-count"), Optional.of("checkpointing")).name())
                .isEqualTo("line-count");
        assertThat(TrainerSelector.choose(found, Optional.empty(), Optional.of("checkpointing")).name())
                .isEqualTo("checkpointing");
        Map<String, Trainer> one = Map.of("plugin-only", new PluginOnlyTrainer());
        assertThat(TrainerSelector.choose(one, Optional.empty(), Optional.empty()).name()).isEqualTo("plugin-only");
    }

    @Test
    void noneSeveralOrUnknownFailReadably() {
        Map<String, Trainer> found = new LinkedHashMap<>(TrainerSelector.discover(app));
        assertThatThrownBy(() -> TrainerSelector.choose(found, Optional.empty(), Optional.empty()))
                .isInstanceOf(TrainingException.class)
                .hasMessage("several Trainers found (line-count, checkpointing, group): choose one with the"
                        + " hyperparameter skiff_trainer or SKIFF_TRAINER");
        assertThatThrownBy(() -> TrainerSelector.choose(found, Optional.of("xgb"), Optional.empty()))
                .hasMessage("hyperparameter skiff_trainer names trainer 'xgb', which is not installed; found:"
                        + " line-count, checkpointing, group");
        assertThatThrownBy(() -> TrainerSelector.choose(found, Optional.empty(), Optional.of("xgb")))
                .hasMessageStartingWith("SKIFF_TRAINER names trainer 'xgb'");
        assertThatThrownBy(() -> TrainerSelector.choose(Map.of(), Optional.empty(), Optional.empty()))
                .hasMessage("no Trainer found: put a jar that lists one in META-INF/services/dev.skiff.spi.Trainer"
                        + " into the image's plugins folder");
    }

    @Test
    void aBrokenServiceEntryFailsReadably() throws Exception {
        try (OutputStream out = Files.newOutputStream(plugins.resolve("broken.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.skiff.spi.Trainer"));
            jar.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
        }
        ClassLoader loader = TrainerSelector.pluginLoader(plugins, app);
        assertThatThrownBy(() -> TrainerSelector.discover(loader)).isInstanceOf(TrainingException.class)
                .hasMessageContaining("a Trainer could not be loaded").hasMessageContaining("com.example.Missing");
    }
}
