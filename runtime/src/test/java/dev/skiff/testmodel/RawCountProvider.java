package dev.skiff.testmodel;

import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.RawModel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves a {@link CountingRawModel} for a model folder with a {@code raw-count-model} file; installed via a jar. */
public final class RawCountProvider implements ModelProvider {
    public static final String FILE = "raw-count-model";

    @Override
    public String name() {
        return "raw-count";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(FILE));
    }

    @Override
    public RawModel load(ModelContext context) {
        return new CountingRawModel(true);
    }
}
