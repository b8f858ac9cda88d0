package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An MLflow model directory's {@code MLmodel} file, as far as serving an XGBoost model needs it: which file holds the
 * model ({@code flavors.xgboost.data}, or {@code flavors.python_function.data} with {@code loader_module:
 * mlflow.xgboost}), which class it was saved from ({@code model_class}: a Booster or one of xgboost's scikit-learn
 * estimators, whose predictions differ), and the signature's inputs ({@link MlflowSignature}).
 *
 * <p>Anything Skiff cannot serve exactly as MLflow would is refused with the reason: YAML that does not parse, no
 * servable flavor, another {@code model_class}, a data path outside the directory or missing.
 *
 * @param data       the model file, inside the model directory
 * @param modelClass e.g. {@code xgboost.core.Booster}, {@code xgboost.sklearn.XGBClassifier}
 * @param flavor     the flavor it was read from, for the log
 * @param signature  the signature's inputs, or {@code null} when the model has no signature
 */
record MlflowModel(Path data, String modelClass, String flavor, MlflowSignature signature) {
    static final String FILE = "MLmodel";
    static final String BOOSTER = "xgboost.core.Booster";
    private static final Set<String> CLASSIFIERS = Set.of("xgboost.sklearn.XGBClassifier",
            "xgboost.sklearn.XGBRFClassifier");
    private static final Set<String> CLASSES = Set.of(BOOSTER, "xgboost.sklearn.XGBClassifier",
            "xgboost.sklearn.XGBRFClassifier", "xgboost.sklearn.XGBRegressor", "xgboost.sklearn.XGBRFRegressor",
            "xgboost.sklearn.XGBRanker");
    private static final ObjectMapper YAML = new YAMLMapper();

    /** Whether {@code dir} is an MLflow model directory (it has an {@code MLmodel} file). */
    static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Reads {@code dir/MLmodel}; refuses what cannot be served, saying why. */
    static MlflowModel read(Path dir) throws ModelRefusedException, IOException {
        JsonNode root;
        try {
            root = YAML.readTree(dir.resolve(FILE).toFile());
        } catch (JacksonException e) {
            throw new ModelRefusedException(FILE + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject() || !root.path("flavors").isObject()) {
            throw new ModelRefusedException(FILE + " has no 'flavors' mapping: not an MLflow model file");
        }
        JsonNode flavors = root.path("flavors");
        JsonNode xgboost = flavors.path("xgboost");
        JsonNode pyfunc = flavors.path("python_function");
        String flavor;
        String data;
        String modelClass;
        if (xgboost.isObject()) {
            flavor = "xgboost";
            data = xgboost.path("data").asText("");
            modelClass = xgboost.path("model_class").asText(BOOSTER); // MLflow before 1.22 wrote none: a Booster
        } else if (pyfunc.isObject() && pyfunc.path("loader_module").asText("").equals("mlflow.xgboost")) {
            flavor = "python_function";
            data = pyfunc.path("data").asText("");
            modelClass = BOOSTER;
        } else {
            throw new ModelRefusedException(FILE + " has the flavors " + describe(flavors) + "; Skiff serves MLflow's"
                    + " xgboost flavor (or python_function with loader_module mlflow.xgboost)");
        }
        if (!CLASSES.contains(modelClass)) {
            throw new ModelRefusedException(FILE + ": model_class " + modelClass + " is not one Skiff serves "
                    + CLASSES.stream().sorted().toList());
        }
        return new MlflowModel(dataFile(dir, data), modelClass, flavor,
                MlflowSignature.read(root.path("signature").path("inputs")));
    }

    /** Whether predictions are class labels, as xgboost's scikit-learn classifiers' {@code predict} gives them. */
    boolean labels() {
        return CLASSIFIERS.contains(modelClass);
    }

    /**
     * Rounds to predict with, as pyfunc's {@code predict} would: a Booster predicts with every round (it ignores
     * {@code best_iteration}); the scikit-learn estimators stop at {@code best_iteration + 1} when early stopping
     * set it. 0 means every round.
     */
    int roundLimit(ModelHeader header, int rounds) {
        if (modelClass.equals(BOOSTER) || header.bestIteration() < 0 || !header.trees()) {
            return 0;
        }
        int limit = header.bestIteration() + 1;
        return limit < rounds ? limit : 0;
    }

    private static Path dataFile(Path dir, String data) throws ModelRefusedException {
        Path file = dir.resolve(data).normalize();
        if (data.isEmpty() || !file.startsWith(dir.normalize()) || file.equals(dir.normalize())) {
            throw new ModelRefusedException(FILE + ": the model's data path '" + data
                    + "' is not a file inside the model directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelRefusedException(FILE + " names " + data + " as the model, but there is no such file");
        }
        return file;
    }

    private static String describe(JsonNode flavors) {
        List<String> names = new ArrayList<>();
        flavors.fieldNames().forEachRemaining(name -> {
            String loader = flavors.path(name).path("loader_module").asText("");
            names.add(loader.isEmpty() ? name : name + " (loader_module " + loader + ")");
        });
        return names.toString();
    }
}
