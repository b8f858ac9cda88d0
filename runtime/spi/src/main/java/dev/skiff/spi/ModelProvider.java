package dev.skiff.spi;

import java.nio.file.Path;

/**
 * Plugs a kind of model into Skiff. Listed in {@code META-INF/services/dev.skiff.spi.ModelProvider} of a jar in
 * {@code /opt/skiff/plugins} or {@code /opt/ml/model/code}, and found with {@link java.util.ServiceLoader}.
 *
 * <p>Which provider serves: the one named by {@code SKIFF_MODEL_PROVIDER}, else the single provider whose
 * {@link #canLoad} answers {@code true}. None or several is a startup error that {@code /ping} reports.
 */
public interface ModelProvider {
    /** A short, stable name such as {@code xgboost}; matched against {@code SKIFF_MODEL_PROVIDER}. */
    String name();

    /**
     * Whether {@code modelDir} holds a model this provider can load, judged cheaply (a file name, a magic number).
     * Called once at startup on the loader thread; must not load the model.
     */
    boolean canLoad(Path modelDir);

    /**
     * Loads the model: a {@link Model} for rows of a table, or a {@link RawModel} for any other input. Called once,
     * on the loader thread ({@code skiff-loader}), while {@code /ping} answers 503; it may block and take as long as
     * it needs. A thrown exception fails the startup: its message is logged and {@code skiff serve} exits non-zero
     * (or, with {@code SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=true}, {@code /ping} reports it), so make it say what is
     * wrong and how to fix it.
     */
    ServedModel load(ModelContext context) throws Exception;
}
