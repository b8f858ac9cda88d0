package dev.skiff.model;

import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.RawModel;
import dev.skiff.spi.ServedModel;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads models: jars from the plugins folder (one class loader for the whole process, parent the runtime's
 * loader, so a plugin's classes and native libraries are loaded once however many models it serves) and from each
 * model's {@code code/} folder (one class loader per model, parent the plugins' loader, closed with the model); the
 * provider chosen by name or by {@link ModelProvider#canLoad}, and at most one {@link ModelHooks}.
 */
public final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final Path pluginsDir;
    private final String providerName;
    private final Map<String, String> environment;
    private final int workers;
    private URLClassLoader plugins; // made by the first load; guarded by this

    /**
     * @param providerName the provider to use, or empty to pick the single one that recognises a model's folder
     * @param workers      the threads that will predict each model at once
     */
    public ModelLoader(Path pluginsDir, String providerName, Map<String, String> environment, int workers) {
        this.pluginsDir = pluginsDir;
        this.providerName = providerName;
        this.environment = environment;
        this.workers = workers;
    }

    /** Loads the model in {@code modelDir}, named after its provider (single-model mode). */
    public LoadedModel load(Path modelDir) throws Exception {
        return load(null, modelDir);
    }

    /**
     * Loads the model in {@code modelDir} under {@code name} (its provider's name when {@code null}); may take long.
     * A {@link ModelLoadException} says what is wrong in one sentence.
     */
    public LoadedModel load(String name, Path modelDir) throws Exception {
        URLClassLoader loader = classLoader(modelDir);
        try {
            ModelProvider provider = choose(modelDir, ServiceLoader.load(ModelProvider.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList());
            ModelHooks hooks = hooks(loader);
            log.info("loading model {}from {} with provider '{}'{}", name == null ? "" : "'" + name + "' ", modelDir,
                    provider.name(), hooks == null ? "" : " and hooks " + hooks.getClass().getName());
            ModelContext context = new ModelContext(modelDir, environment, workers);
            ServedModel model = withContextLoader(loader, () -> provider.load(context));
            if (model == null) {
                throw new ModelLoadException("provider '" + provider.name() + "' loaded nothing (null)");
            }
            if (model instanceof RawModel && hooks != null) {
                ModelLoadException refused = new ModelLoadException("ModelHooks " + hooks.getClass().getName()
                        + " cannot wrap the raw model of provider '" + provider.name() + "' (hooks read rows); remove "
                        + "the hooks' jar");
                try {
                    model.close();
                } catch (Exception e) { // the refusal is the news; a failing close must not hide it
                    refused.addSuppressed(e);
                }
                throw refused;
            }
            return new LoadedModel(name == null ? provider.name() : name, provider.name(), model,
                    hooks == null ? new ModelHooks() { } : hooks, loader);
        } catch (Exception | Error e) {
            loader.close();
            throw e;
        }
    }

    private ModelProvider choose(Path modelDir, List<ModelProvider> providers) {
        List<String> names = providers.stream().map(ModelProvider::name).toList();
        if (!providerName.isEmpty()) {
            return providers.stream().filter(p -> p.name().equals(providerName)).findFirst()
                    .orElseThrow(() -> new ModelLoadException("SKIFF_MODEL_PROVIDER='" + providerName
                            + "' is not an installed model provider; installed: " + names));
        }
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException("no model directory at " + modelDir + " (set SKIFF_ML_ROOT)");
        }
        List<ModelProvider> willing = providers.stream().filter(p -> p.canLoad(modelDir)).toList();
        if (willing.size() == 1) {
            return willing.get(0);
        }
        if (willing.isEmpty()) {
            throw new ModelLoadException("no model provider recognises " + modelDir + " (installed: " + names
                    + "); put the provider's jar in " + pluginsDir + " or " + modelDir.resolve("code")
                    + ", or check the model files");
        }
        throw new ModelLoadException("several model providers recognise " + modelDir + ": "
                + willing.stream().map(ModelProvider::name).toList() + "; choose one with SKIFF_MODEL_PROVIDER");
    }

    private static ModelHooks hooks(ClassLoader loader) {
        List<ModelHooks> hooks = ServiceLoader.load(ModelHooks.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (hooks.size() > 1) {
            throw new ModelLoadException("several ModelHooks are installed: "
                    + hooks.stream().map(h -> h.getClass().getName()).toList() + "; keep one");
        }
        return hooks.isEmpty() ? null : hooks.get(0);
    }

    /** The model's own loader: its {@code code/} jars, parent the plugins' loader. */
    private URLClassLoader classLoader(Path modelDir) throws IOException {
        List<URL> jars = jarsIn(modelDir.resolve("code"));
        if (!jars.isEmpty()) {
            log.info("model code: {}", jars);
        }
        return new URLClassLoader("skiff-model", jars.toArray(URL[]::new), plugins());
    }

    /** One loader for the plugins folder's jars, made once (a later load retries if making it failed). */
    private synchronized ClassLoader plugins() throws IOException {
        if (plugins == null) {
            List<URL> jars = jarsIn(pluginsDir);
            log.info("plugin class path: {}", jars);
            plugins = new URLClassLoader("skiff-plugins", jars.toArray(URL[]::new), ModelLoader.class.getClassLoader());
        }
        return plugins;
    }

    private static List<URL> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : files.filter(ModelLoader::isJar).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            return urls;
        }
    }

    private static boolean isJar(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !name.startsWith(".") && Files.isRegularFile(file);
    }

    private interface Load {
        ServedModel call() throws Exception;
    }

    /** Providers that look up resources or services through the context class loader find the model's jars. */
    private static ServedModel withContextLoader(ClassLoader loader, Load load) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return load.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
