package ${package};

import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Plugs this model into Skiff (listed in {@code META-INF/services/dev.skiff.spi.ModelProvider}). Skiff asks every
 * provider on its class path whether it {@link #canLoad} the model directory ({@code /opt/ml/model}) and loads it
 * with the one that says yes; {@code SKIFF_MODEL_PROVIDER=${artifactId}} picks this one explicitly.
 *
 * <p>The example model is linear: {@code model.properties} holds {@code weights} (one per feature) and {@code bias}.
 * Replace the file format and {@link LinearModel} with your own; keep the contract of each method.
 */
public final class ExampleModelProvider implements ModelProvider {
    /** The file that marks a model directory as this model's. */
    public static final String MODEL_FILE = "model.properties";

    @Override
    public String name() {
        return "${artifactId}";
    }

    /** Cheap: looks for the file, never reads the model (called once at startup, on the loader thread). */
    @Override
    public boolean canLoad(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(MODEL_FILE));
    }

    /**
     * Reads the model; may be slow (it runs on the loader thread while {@code /ping} answers 503). A thrown
     * exception's message is what {@code /ping} and the log report: say what is wrong and where.
     */
    @Override
    public Model load(ModelContext context) throws IOException {
        Path file = context.modelDir().resolve(MODEL_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        String[] parts = p.getProperty("weights", "").split(",");
        float[] weights = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            weights[i] = number(file, "weights[" + (i + 1) + "]", parts[i]);
        }
        return new LinearModel(weights, number(file, "bias", p.getProperty("bias", "0")));
    }

    private static float number(Path file, String key, String text) throws IOException {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": " + key + " '" + text + "' is not a number");
        }
    }
}
