package dev.skiff.config;

import java.util.Map;

/** Typed reads of environment variables, with errors that name the variable and the value. */
final class EnvReader {
    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    boolean has(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    String text(String name, String fallback) {
        return has(name) ? env.get(name).trim() : fallback;
    }

    int integer(String name, int fallback) {
        long value = longInteger(name, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + "='" + env.get(name) + "' is out of range");
        }
        return (int) value;
    }

    long longInteger(String name, long fallback) {
        if (!has(name)) {
            return fallback;
        }
        String value = env.get(name).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not an integer");
        }
    }

    double decimal(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        String value = env.get(name).trim();
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a number");
        }
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        String value = env.get(name).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + "='" + value + "' is not true or false");
        };
    }
}
