package dev.skiff.testmodel;

import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import java.nio.file.Path;

/** A provider that claims every model folder; installed only through a jar in a test's model/code folder. */
public final class EveryDirProvider implements ModelProvider {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return true;
    }

    @Override
    public Model load(ModelContext context) {
        throw new UnsupportedOperationException("never chosen in tests");
    }
}
