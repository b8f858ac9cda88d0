package dev.skiff.train;

import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;

/** Listed only in a jar a test builds into a plugins folder, never in the test classpath's services. */
public final class PluginOnlyTrainer implements Trainer {
    @Override
    public String name() {
        return "plugin-only";
    }

    @Override
    public void train(TrainingContext ctx) {
    }
}
