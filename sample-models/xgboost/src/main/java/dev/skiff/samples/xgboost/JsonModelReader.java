package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the few scalars Skiff needs from an XGBoost JSON model ({@code learner.objective.name},
 * {@code learner.learner_model_param.*}, {@code learner.attributes.*}, {@code learner.gradient_booster.name},
 * {@code gbtree_model_param.*})
 * with a streaming parser: the trees are skipped, never built.
 */
final class JsonModelReader {
    /** XGBoost writes NaN (a categorical split's condition, for one) as a bare {@code NaN}. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** A string value and where its opening quote starts in the document (for in-place edits). */
    record Located(String text, long byteOffset) {
    }

    private JsonModelReader() {
    }

    /**
     * Every string or number directly inside {@code learner.learner_model_param}, {@code learner.attributes},
     * {@code learner.objective} (as {@code objective.name} etc.) and {@code learner.gradient_booster.name},
     * keyed by {@code section.field}.
     */
    static Map<String, Located> read(byte[] json) throws IOException {
        Map<String, Located> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String top = p.currentName();
                JsonToken value = p.nextToken();
                if (top.equals("learner") && value == JsonToken.START_OBJECT) {
                    readLearner(p, out);
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static void readLearner(JsonParser p, Map<String, Located> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String section = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            switch (section) {
                case "learner_model_param", "attributes", "objective" -> readScalars(p, section, out);
                case "gradient_booster" -> readBooster(p, out, true);
                default -> p.skipChildren();
            }
        }
    }

    /**
     * {@code gradient_booster.name} and {@code gbtree_model_param.*}, which sits in {@code model} (gbtree) or
     * {@code gbtree.model} (dart); the trees are skipped.
     */
    private static void readBooster(JsonParser p, Map<String, Located> out, boolean top) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isScalarValue() && top) {
                out.put("gradient_booster." + field, new Located(p.getText(),
                        p.currentTokenLocation().getByteOffset()));
            } else if (value == JsonToken.START_OBJECT && field.equals("gbtree_model_param")) {
                readScalars(p, field, out);
            } else if (value == JsonToken.START_OBJECT && (field.equals("model") || field.equals("gbtree"))) {
                readBooster(p, out, false);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readScalars(JsonParser p, String section, Map<String, Located> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isScalarValue()) {
                long offset = p.currentTokenLocation().getByteOffset();
                out.put(section + "." + field, new Located(p.getText(), offset));
            } else {
                p.skipChildren();
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("not an XGBoost JSON model: expected " + expected + ", found " + actual);
        }
    }
}
