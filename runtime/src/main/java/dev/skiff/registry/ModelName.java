package dev.skiff.registry;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;

/**
 * The rule for a multi-model {@code model_name}: 1 to {@value #MAX_LENGTH} letters, digits, {@code -}, {@code _} and
 * {@code .}, not starting with {@code .} and without {@code ..}. A name is one path segment everywhere it goes (the
 * {@code /models/{name}} routes, thread names, metrics labels, log lines), so it never needs escaping and can never
 * name another directory.
 */
public final class ModelName {
    public static final int MAX_LENGTH = 255;

    private ModelName() {
    }

    /** {@code name}, or a 400 {@code invalid_model_name} naming what is wrong with it. */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("model_name is missing or empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("model_name is " + name.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                throw invalid("model_name '" + shown(name) + "' holds " + describe(c) + " at position " + (i + 1)
                        + "; a name is letters, digits, '-', '_' and '.'");
            }
        }
        if (name.startsWith(".") || name.contains("..")) {
            throw invalid("model_name '" + name + "' starts with '.' or holds '..'; a name must not look like a path");
        }
        return name;
    }

    private static String describe(char c) {
        return switch (c) {
            case '/', '\\' -> "a path separator '" + c + "'";
            default -> c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
        };
    }

    /** The name as it can be shown in a message: printable ASCII as is, anything else as {@code ?}; at most 64. */
    private static String shown(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(name.length(), 64); i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return name.length() > 64 ? out + "..." : out.toString();
    }

    private static SkiffException invalid(String message) {
        return SkiffException.of(ErrorCode.INVALID_MODEL_NAME, message);
    }
}
