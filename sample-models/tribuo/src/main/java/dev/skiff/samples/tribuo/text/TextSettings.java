package dev.skiff.samples.tribuo.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The text trainer's hyperparameters: {@code epochs} (default 10), {@code learning_rate} (AdaGrad's, 1.0),
 * {@code seed} (12345) and {@code pairs} (also neighbouring word pairs as features, true). Names SageMaker adds
 * ({@code sagemaker_*}, {@code _tuning_objective_metric}) and {@code skiff_trainer} are ignored; any other unknown
 * name fails the job, so a typo is not silently ignored.
 */
record TextSettings(int epochs, double learningRate, long seed, boolean pairs) {
    static final List<String> NAMES = List.of("epochs", "learning_rate", "seed", "pairs");

    static TextSettings parse(Map<String, String> hyperparameters) {
        Map<String, String> h = new HashMap<>();
        hyperparameters.forEach((k, v) -> {
            if (!k.startsWith("sagemaker_") && !k.startsWith("_") && !k.equals("skiff_trainer")) {
                h.put(k, v.length() > 1 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v);
            }
        });
        TreeSet<String> unknown = new TreeSet<>(h.keySet());
        NAMES.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown hyperparameter(s) " + unknown + "; known: " + NAMES);
        }
        return new TextSettings(
                (int) number(h, "epochs", 10, 1, 10_000),
                number(h, "learning_rate", 1.0, 1e-9, 1e6),
                (long) number(h, "seed", 12345, Integer.MIN_VALUE, Integer.MAX_VALUE),
                bool(h, "pairs", true));
    }

    private static double number(Map<String, String> h, String name, double fallback, double min, double max) {
        String text = h.get(name);
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            value = name.equals("learning_rate") ? Double.parseDouble(text.trim()) : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + name + "='" + text + "' is not "
                    + (name.equals("learning_rate") ? "a number" : "an integer"));
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("hyperparameter " + name + "='" + text + "' is outside [" + min
                    + ", " + max + "]");
        }
        return value;
    }

    private static boolean bool(Map<String, String> h, String name, boolean fallback) {
        String text = h.getOrDefault(name, String.valueOf(fallback)).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(
                    "hyperparameter " + name + "='" + text + "' is not true or false");
        };
    }
}
