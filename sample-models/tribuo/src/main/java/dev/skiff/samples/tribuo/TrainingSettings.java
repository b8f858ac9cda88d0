package dev.skiff.samples.tribuo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The hyperparameters of a Tribuo training job, parsed and checked once. SageMaker passes every value as a string;
 * names SageMaker adds itself ({@code sagemaker_*}, {@code _tuning_objective_metric}) are ignored, any other unknown
 * name is an error so that a typo ({@code max_dept}) fails the job instead of being silently ignored.
 */
record TrainingSettings(Task task, String algorithm, String label, int epochs, double learningRate,
        int minibatchSize, boolean normalize, int maxDepth, int minChildWeight, float minImpurityDecrease,
        float featureFraction, String impurity, double validationFraction, long seed, String hooks) {

    /** Short names for the {@code hooks} hyperparameter. */
    static final Map<String, String> HOOKS = Map.of("wine", "dev.skiff.samples.tribuo.wine.WineHooks");

    static final List<String> NAMES = List.of("task", "algorithm", "label", "epochs", "learning_rate",
            "minibatch_size", "normalize", "max_depth", "min_child_weight", "min_impurity_decrease",
            "fraction_features_in_split", "impurity", "validation_fraction", "seed", "hooks");

    static TrainingSettings parse(Map<String, String> hyperparameters) {
        Map<String, String> h = new HashMap<>();
        hyperparameters.forEach((k, v) -> {
            if (!k.startsWith("sagemaker_") && !k.startsWith("_")) {
                h.put(k, unquote(v));
            }
        });
        TreeSet<String> unknown = new TreeSet<>(h.keySet());
        NAMES.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown hyperparameter(s) " + unknown + "; known: " + NAMES);
        }
        Task task = Task.parse(h.getOrDefault("task", "classification"));
        String algorithm = h.getOrDefault("algorithm", task == Task.CLASSIFICATION ? "logistic" : "cart");
        List<String> algorithms = task == Task.CLASSIFICATION ? List.of("logistic", "cart") : List.of("linear", "cart");
        if (!algorithms.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm '" + algorithm + "' is not one of " + algorithms
                    + " for task=" + task.id());
        }
        boolean linear = !algorithm.equals("cart");
        String impurity = h.getOrDefault("impurity", task == Task.CLASSIFICATION ? "gini" : "mse");
        List<String> impurities = task == Task.CLASSIFICATION ? List.of("gini", "entropy") : List.of("mse", "mae");
        if (!impurities.contains(impurity)) {
            throw new IllegalArgumentException("impurity '" + impurity + "' is not one of " + impurities);
        }
        return new TrainingSettings(task, algorithm, h.getOrDefault("label", "label"),
                integer(h, "epochs", 10, 1, 100_000),
                real(h, "learning_rate", 1.0, 1e-9, 1e6),
                integer(h, "minibatch_size", 1, 1, 1_000_000),
                bool(h, "normalize", linear),
                integer(h, "max_depth", 8, 1, 1_000),
                integer(h, "min_child_weight", 5, 1, Integer.MAX_VALUE),
                (float) real(h, "min_impurity_decrease", 0.0, 0.0, 1e9),
                (float) real(h, "fraction_features_in_split", 1.0, 1e-6, 1.0),
                impurity,
                real(h, "validation_fraction", 0.2, 0.0, 0.9),
                integer(h, "seed", 12345, Integer.MIN_VALUE, Integer.MAX_VALUE),
                hooks(h.getOrDefault("hooks", "")));
    }

    /** A {@code dev.skiff.spi.ModelHooks} class on this plugin's class path, by short name or class name. */
    private static String hooks(String name) {
        if (name.isEmpty() || name.equals("none")) {
            return "";
        }
        String className = HOOKS.getOrDefault(name, name);
        try {
            Class<?> type = Class.forName(className, false, TrainingSettings.class.getClassLoader());
            if (!dev.skiff.spi.ModelHooks.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("hooks=" + name + ": " + className + " is not a ModelHooks");
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("hooks=" + name + " is neither one of " + HOOKS.keySet()
                    + " nor a class on the plugin class path");
        }
        return className;
    }

    /** SageMaker's console and some SDKs send {@code "\"5\""}: a JSON string inside the string. */
    private static String unquote(String v) {
        String t = v.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static int integer(Map<String, String> h, String name, int fallback, int min, int max) {
        String text = h.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + "=" + text + " is outside [" + min + ", " + max + "]");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not an integer");
        }
    }

    private static double real(Map<String, String> h, String name, double fallback, double min, double max) {
        String text = h.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(name + "=" + text + " is outside [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not a number");
        }
    }

    private static boolean bool(Map<String, String> h, String name, boolean fallback) {
        String text = h.get(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + "=" + text + " is not true or false");
        };
    }
}
