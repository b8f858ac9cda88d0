package dev.skiff.train;

import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds {@link Trainer}s with {@link ServiceLoader} in the plugin jars and on the classpath, and picks one: the
 * one named (hyperparameter {@code skiff_trainer}, else {@code SKIFF_TRAINER}), else the only one.
 */
final class TrainerSelector {
    static final String HYPERPARAMETER = "skiff_trainer";
    private static final Logger LOG = LoggerFactory.getLogger(TrainerSelector.class);

    private TrainerSelector() {
    }

    /** A class loader over every {@code *.jar} in {@code pluginsDir} (parent: {@code parent}); parent if none. */
    static ClassLoader pluginLoader(Path pluginsDir, ClassLoader parent) throws IOException {
        if (!Files.isDirectory(pluginsDir)) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            for (Path jar : (Iterable<Path>) entries.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(url(jar));
            }
        }
        LOG.info("plugins: {} jar(s) in {}", jars.size(), pluginsDir);
        return jars.isEmpty() ? parent : new URLClassLoader("skiff-plugins", jars.toArray(URL[]::new), parent);
    }

    /** Every trainer the loader sees, by name (a class seen twice counts once). */
    static Map<String, Trainer> discover(ClassLoader loader) {
        Map<String, Trainer> byName = new LinkedHashMap<>();
        Map<String, String> classes = new LinkedHashMap<>();
        try {
            for (Trainer trainer : ServiceLoader.load(Trainer.class, loader)) {
                String name = trainer.name();
                String previous = classes.putIfAbsent(name, trainer.getClass().getName());
                if (previous != null && !previous.equals(trainer.getClass().getName())) {
                    throw new TrainingException("two Trainers are both named '" + name + "' (" + previous + ", "
                            + trainer.getClass().getName() + "); remove one of their jars");
                }
                byName.putIfAbsent(name, trainer);
            }
        } catch (ServiceConfigurationError e) {
            throw new TrainingException("a Trainer could not be loaded: " + e.getMessage(), e);
        }
        return byName;
    }

    /** The trainer to run; none, several without a choice, or an unknown name is a {@link TrainingException}. */
    static Trainer choose(Map<String, Trainer> found, Optional<String> hyperparameter, Optional<String> env) {
        Optional<String> wanted = hyperparameter.or(() -> env).map(String::trim).filter(s -> !s.isEmpty());
        String names = String.join(", ", found.keySet());
        if (wanted.isPresent()) {
            Trainer trainer = found.get(wanted.get());
            if (trainer == null) {
                String source = hyperparameter.isPresent() ? "hyperparameter " + HYPERPARAMETER : "SKIFF_TRAINER";
                throw new TrainingException(source + " names trainer '" + wanted.get() + "', which is not installed"
                        + (found.isEmpty() ? "; no Trainer was found at all" : "; found: " + names));
            }
            return trainer;
        }
        if (found.isEmpty()) {
            throw new TrainingException("no Trainer found: put a jar that lists one in"
                    + " META-INF/services/dev.skiff.spi.Trainer into the image's plugins folder");
        }
        if (found.size() > 1) {
            throw new TrainingException("several Trainers found (" + names + "): choose one with the hyperparameter "
                    + HYPERPARAMETER + " or SKIFF_TRAINER");
        }
        return found.values().iterator().next();
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
