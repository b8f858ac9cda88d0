package dev.skiff.samples.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.FeatureType;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow model directories: what the MLmodel file makes of the model, and every reason to refuse one. */
class MlflowModelTest {
    @TempDir
    Path tmp;

    private final XGBoostProvider provider = new XGBoostProvider();

    /** A copy of fixture {@code name} (booster, classifier) whose MLmodel is {@code edit} applied to the original. */
    private Path copy(String name, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name + "-" + System.nanoTime()));
        String data = name.equals("booster") ? "model.xgb" : "model.json";
        Fixtures.put(dir, "mlflow/" + name + "/" + data, data);
        Files.writeString(dir.resolve("MLmodel"), edit.apply(Fixtures.text("mlflow/" + name + "/MLmodel")));
        return dir;
    }

    private void assertRefused(Path dir, String... reason) {
        assertThat(provider.canLoad(dir)).isTrue();
        var refusal = assertThatThrownBy(() -> provider.load(Fixtures.context(dir)))
                .isInstanceOf(ModelRefusedException.class);
        for (String part : reason) {
            refusal.hasMessageContaining(part);
        }
    }

    @Test
    void theSignatureBecomesANamedTypedSchema() throws Exception {
        try (Model model = provider.load(Fixtures.context(copy("booster", s -> s)))) {
            assertThat(model.inputSchema()).isEqualTo(new InputSchema(5, List.of("income", "debt", "age",
                    "years_employed", "owns_home"), true).typed(List.of(FeatureType.NUMBER, FeatureType.NUMBER,
                    FeatureType.LONG, FeatureType.LONG, FeatureType.BOOLEAN), Set.of("income", "debt", "age",
                    "years_employed", "owns_home")));
        }
        try (Model model = provider.load(Fixtures.context(copy("classifier", s -> s)))) {
            assertThat(model.inputSchema()).isEqualTo(InputSchema.numeric(4)); // a tensor signature
        }
    }

    @Test
    void aPyfuncFlavorWithTheXGBoostLoaderIsServedAsABooster() throws Exception {
        Path dir = copy("booster", s -> s.replaceAll("(?s)  xgboost:\\n.*?xgb_version: [0-9.]+\\n", ""));
        assertThat(Files.readString(dir.resolve("MLmodel"))).doesNotContain("model_class");
        try (Model model = provider.load(Fixtures.context(dir))) {
            assertThat(model.inputSchema().featureCount()).isEqualTo(5);
        }
    }

    @Test
    void malformedYamlIsRefusedNamingTheLine() throws Exception {
        assertRefused(copy("booster", s -> s.replace("  xgboost:", "  xgboost: [unclosed")),
                "MLmodel is not valid YAML", "line");
        assertRefused(copy("booster", s -> "just text\n"), "no 'flavors' mapping");
    }

    @Test
    void aFlavorSkiffCannotServeIsRefusedListingTheFlavors() throws Exception {
        Path dir = copy("booster", s -> s.replaceAll("(?s)  xgboost:\\n.*?xgb_version: [0-9.]+\\n", "")
                .replace("mlflow.xgboost", "mlflow.sklearn"));
        assertRefused(dir, "python_function (loader_module mlflow.sklearn)", "Skiff serves MLflow's xgboost flavor");
        assertRefused(copy("booster", s -> s.replace("xgboost.core.Booster", "xgboost.dask.DaskXGBClassifier")),
                "model_class xgboost.dask.DaskXGBClassifier");
    }

    @Test
    void aSignatureThatDisagreesWithTheModelIsRefused() throws Exception {
        assertRefused(copy("booster", s -> s.replaceAll("(?s)  inputs: '.*?'\n  outputs", "  inputs: '[{\"type\": "
                + "\"double\", \"name\": \"a\"}, {\"type\": \"double\", \"name\": \"b\"}]'\n  outputs")),
                "2 inputs but model.xgb takes 5 features");
        assertRefused(copy("booster", s -> s.replaceAll("\"type\": \"double\",\\s+\"name\": \"debt\"",
                "\"type\": \"string\", \"name\": \"debt\"")), "input debt is of type string");
        assertRefused(copy("classifier", s -> s.replace("[-1, 4]", "[-1, 3]")), "3 inputs but model.json takes 4");
    }

    @Test
    void aDataPathOutsideTheDirectoryOrMissingIsRefused() throws Exception {
        assertRefused(copy("booster", s -> s.replace("data: model.xgb", "data: ../../etc/passwd")),
                "is not a file inside the model directory");
        assertRefused(copy("booster", s -> s.replace("data: model.xgb", "data: model.ubj")), "no such file");
    }

    @Test
    void roundsFollowPyfunc() throws Exception {
        ModelHeader early = new ModelHeader("binary:logistic", 0, 5, 0.5f, "gbtree", 1, 33, 32);
        MlflowModel booster = new MlflowModel(tmp, MlflowModel.BOOSTER, "xgboost", null);
        MlflowModel classifier = new MlflowModel(tmp, "xgboost.sklearn.XGBClassifier", "xgboost", null);
        assertThat(booster.roundLimit(early, 38)).isZero();      // a Booster predicts with every tree
        assertThat(classifier.roundLimit(early, 38)).isEqualTo(33); // the sklearn API stops at best_iteration
        assertThat(classifier.labels()).isTrue();
        assertThat(booster.labels()).isFalse();
    }
}
