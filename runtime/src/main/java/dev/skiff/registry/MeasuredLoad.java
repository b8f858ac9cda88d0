package dev.skiff.registry;

import dev.skiff.model.LoadedModel;
import dev.skiff.model.ModelLoadException;
import dev.skiff.model.ModelLoader;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's load, on a loader thread: its directory checked ({@link ModelDirectory}), its files' size reserved in
 * the budget, the model loaded with the process's memory sampled on either side, its footprint measured and charged.
 * Whatever fails leaves nothing behind (the reservation given back, a loaded model closed) and is a
 * {@link SkiffException} saying why: 400 for the directory or the model, 507 when it does not fit.
 */
final class MeasuredLoad {
    private static final Logger log = LoggerFactory.getLogger(MeasuredLoad.class);

    /** A loaded model, charged to the budget as {@code footprint}. */
    record Loaded(LoadedModel model, Footprint footprint, long millis) {
    }

    private MeasuredLoad() {
    }

    static Loaded run(ModelLoader loader, MemoryBudget budget, ProcessMemory memory, Path root, String name,
            String url) {
        long start = System.nanoTime();
        Path dir = ModelDirectory.resolve(root, url);
        long files = ModelDirectory.fileBytes(dir);
        MemoryBudget.Reservation reservation = budget.reserve(name, files);
        LoadedModel model = null;
        try {
            ProcessMemory.Sample before = memory.sample();
            model = load(loader, name, dir);
            ProcessMemory.Sample after = memory.sample();
            Footprint footprint = new Footprint(files, model.heapBytes(), ProcessMemory.nativeGrowth(before, after));
            budget.commit(reservation, footprint);
            return new Loaded(model, footprint, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | Error e) {
            budget.cancel(reservation);
            if (model != null) {
                model.close();
            }
            throw failure(name, e);
        }
    }

    private static LoadedModel load(ModelLoader loader, String name, Path dir) {
        try {
            return loader.load(name, dir);
        } catch (SkiffException e) {
            throw e;
        } catch (Exception e) {
            if (!(e instanceof ModelLoadException)) {
                log.warn("model '{}' failed to load from {}", name, dir, e);
            }
            throw SkiffException.of(ErrorCode.MODEL_LOAD_FAILED, "model '" + name + "' cannot be loaded from " + dir
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static SkiffException failure(String name, Throwable e) {
        if (e instanceof SkiffException s) {
            return s;
        }
        if (e instanceof OutOfMemoryError) {
            return SkiffException.of(ErrorCode.INSUFFICIENT_MEMORY, "model '" + name + "' ran the heap out of memory "
                    + "while loading; unload a model, or lower SKIFF_MODEL_HEAP_MB");
        }
        return unexpected(name, e);
    }

    private static SkiffException unexpected(String name, Throwable e) {
        log.error("model '{}' failed to load", name, e);
        return SkiffException.of(ErrorCode.MODEL_LOAD_FAILED, "model '" + name + "' cannot be loaded: " + e, e);
    }
}
