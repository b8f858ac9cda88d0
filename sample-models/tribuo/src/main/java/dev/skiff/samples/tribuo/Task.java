package dev.skiff.samples.tribuo;

import java.util.Locale;

/** What a model predicts: a class with per-class scores, or one real value. */
enum Task {
    CLASSIFICATION,
    REGRESSION;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Task parse(String text) {
        for (Task t : values()) {
            if (t.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("task '" + text + "' is not one of classification, regression");
    }
}
