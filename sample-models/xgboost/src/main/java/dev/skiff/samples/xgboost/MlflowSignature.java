package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.spi.FeatureType;
import dev.skiff.spi.InputSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An MLflow signature's inputs (the JSON string under {@code signature.inputs} in {@code MLmodel}), as the input schema
 * of an XGBoost model: columns ({@code {"type": "double", "name": "age", "required": true}}) become named, typed
 * features in their order; a tensor ({@code {"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1,
 * 8]}}}) becomes rows of its last dimension. XGBoost takes numbers only: {@code double}, {@code float},
 * {@code long}, {@code integer} and {@code boolean} columns (a boolean is 1 or 0, as xgboost reads a pandas bool
 * column); any other type refuses the model.
 */
record MlflowSignature(int width, List<String> names, List<FeatureType> types, Set<String> required) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The signature of {@code inputs} (a JSON string node), or {@code null} when there is none. */
    static MlflowSignature read(JsonNode inputs) throws ModelRefusedException {
        if (inputs.isMissingNode() || inputs.isNull() || inputs.asText("").isBlank()) {
            return null;
        }
        JsonNode specs;
        try {
            specs = JSON.readTree(inputs.asText());
        } catch (JacksonException e) {
            throw refused("its inputs are not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!specs.isArray() || specs.isEmpty()) {
            throw refused("its inputs are not a list of column or tensor specs");
        }
        if (specs.get(0).path("type").asText().equals("tensor")) {
            return tensor(specs);
        }
        List<String> names = new ArrayList<>();
        List<FeatureType> types = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode spec : specs) {
            String name = spec.path("name").isTextual() ? spec.path("name").asText() : null;
            types.add(type(spec.path("type").asText(), name == null ? "#" + (types.size() + 1) : name));
            if (name != null) {
                names.add(name);
                if (spec.path("required").asBoolean(true)) {
                    required.add(name);
                }
            }
        }
        if (!names.isEmpty() && names.size() != specs.size()) {
            throw refused("some of its columns have names and some do not");
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw refused("two of its columns have the same name");
        }
        return new MlflowSignature(specs.size(), names, types, required);
    }

    /** The model's input schema: its width must be the model's feature count. */
    InputSchema schema(int numFeature, String modelFile) throws ModelRefusedException {
        if (width != numFeature) {
            throw refused("it has " + width + " inputs but " + modelFile + " takes " + numFeature + " features");
        }
        if (types.isEmpty()) {
            return InputSchema.numeric(width);
        }
        return new InputSchema(width, names, true).typed(types, required);
    }

    private static MlflowSignature tensor(JsonNode specs) throws ModelRefusedException {
        if (specs.size() != 1) {
            throw refused("it has " + specs.size() + " input tensors; an XGBoost model takes one");
        }
        JsonNode spec = specs.get(0).path("tensor-spec");
        String dtype = spec.path("dtype").asText();
        if (!dtype.matches("float(16|32|64)|u?int(8|16|32|64)|bool")) {
            throw refused("its input tensor is " + dtype + "; an XGBoost model takes numbers");
        }
        JsonNode shape = spec.path("shape");
        int width = shape.size() == 1 ? 1 : shape.size() == 2 ? shape.get(1).asInt(-1) : -1;
        if (width <= 0) {
            throw refused("its input tensor's shape " + shape + " is not [-1, features]");
        }
        return new MlflowSignature(width, List.of(), List.of(), Set.of());
    }

    private static FeatureType type(String type, String column) throws ModelRefusedException {
        return switch (type) {
            case "double", "float" -> FeatureType.NUMBER;
            case "long" -> FeatureType.LONG;
            case "integer" -> FeatureType.INTEGER;
            case "boolean" -> FeatureType.BOOLEAN;
            default -> throw refused("its input " + column + " is of type " + type + "; an XGBoost model takes "
                    + "numbers (double, float, long, integer, boolean)");
        };
    }

    private static ModelRefusedException refused(String why) {
        return new ModelRefusedException("the MLmodel signature cannot describe an XGBoost model's input: " + why);
    }
}
