package dev.skiff.samples.tribuo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import dev.skiff.testmodel.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train on a fake /opt/ml, then serve it with the real HTTP server: a wine-quality regression with the wine hooks
 * (hooks=wine) and an iris classifier without hooks.
 */
class TribuoServeIT {
    private static final String GOOD_WINE = "{\"fixed_acidity\": 7.4, \"volatile_acidity\": 0.25,"
            + " \"citric_acid\": 0.36, \"residual_sugar\": 2.1, \"chlorides\": 0.045, \"free_sulfur_dioxide\": 30,"
            + " \"total_sulfur_dioxide\": 110, \"density\": 0.9932, \"pH\": 3.2, \"sulphates\": 0.75,"
            + " \"alcohol\": 13.2}";
    private static final String POOR_WINE = GOOD_WINE.replace("13.2", "8.6").replace("0.25", "0.9");

    @TempDir
    static Path wineTmp;
    @TempDir
    static Path irisTmp;

    static TestServer wine;
    static TestServer iris;

    @BeforeAll
    static void trainAndServe() throws Exception {
        TRAIN.run(wineTmp.resolve("ml"), Samples.WINE_TRAIN, Samples.WINE_VALIDATION, "task=regression",
                "label=quality", "algorithm=linear", "learning_rate=0.05", "epochs=20", "hooks=wine");
        TRAIN.run(irisTmp.resolve("ml"), Samples.IRIS, null, "label=species", "algorithm=cart", "max_depth=4");
        Map<String, String> env = Map.of("SKIFF_MODEL_PROVIDER", "tribuo");
        wine = TestServer.ready(wineTmp, "unused", env);
        iris = TestServer.ready(irisTmp, "unused", env);
    }

    @AfterAll
    static void stop() {
        if (wine != null) {
            wine.close();
        }
        if (iris != null) {
            iris.close();
        }
    }

    /** How a training job is run for these tests; swapped for TrainMain once it is on main. */
    interface Train {
        void run(Path mlRoot, Path train, Path validation, String... hyperparameters) throws Exception;
    }

    /** {@code skiff train} itself, in this JVM, on a fake /opt/ml: the trainer is found through META-INF/services. */
    static final Train TRAIN = (root, train, validation, h) -> {
        Files.createDirectories(root.resolve("input/config"));
        Files.writeString(root.resolve("input/config/hyperparameters.json"), hyperparametersJson(h));
        copyInto(root.resolve("input/data/train"), train);
        if (validation != null) {
            copyInto(root.resolve("input/data/validation"), validation);
        }
        int exit = dev.skiff.train.TrainMain.run(Map.of("SKIFF_ML_ROOT", root.toString(),
                "SKIFF_PLUGINS_DIR", root.resolve("no-plugins").toString()));
        assertThat(exit).as(root.resolve("output/failure").toString()).isZero();
        assertThat(root.resolve("model/skiff-model.json")).exists();
    };

    private static String hyperparametersJson(String... keyValues) {
        StringBuilder json = new StringBuilder("{\"skiff_trainer\": \"tribuo\"");
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            json.append(", \"").append(kv, 0, eq).append("\": \"").append(kv.substring(eq + 1)).append('"');
        }
        return json.append('}').toString();
    }

    private static void copyInto(Path dir, Path file) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(file.getFileName()));
    }

    @Test
    void jsonObjectsByNameAreAnsweredGoodOrBadByTheHooks() {
        given().contentType("application/json").body("{\"instances\": [" + GOOD_WINE + ", " + POOR_WINE + "]}")
                .post(wine.url("/invocations"))
                .then().statusCode(200).contentType("application/json")
                .body("predictions[0].label", equalTo("good"))
                .body("predictions[0]", hasKey("quality"))
                .body("predictions[1].label", equalTo("bad"));
    }

    @Test
    void csvInTrainingHeaderOrderAndJsonLinesWorkToo() throws Exception {
        List<String> lines = Files.readAllLines(Samples.WINE_VALIDATION);
        String row = lines.get(1).substring(0, lines.get(1).lastIndexOf(','));
        String csv = given().contentType("text/csv").body(row + "\n" + row + "\n")
                .post(wine.url("/invocations")).then().statusCode(200).extract().asString();
        assertThat(csv.split("\n")).hasSize(2).allMatch(l -> l.matches("(good|bad),\\d+\\.\\d+"));

        String jsonl = given().contentType("application/jsonlines")
                .body((GOOD_WINE + "\n" + POOR_WINE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(wine.url("/invocations")).then().statusCode(200).extract().asString();
        assertThat(jsonl.split("\n")).hasSize(2);
        assertThat(jsonl.split("\n")[0]).contains("\"label\"").contains("good");
    }

    @Test
    void aDensityOutsideZeroToOneIsA400NamingRowAndField() {
        String bad = GOOD_WINE.replace("0.9932", "1.3");
        given().contentType("application/json").body("{\"instances\": [" + GOOD_WINE + ", " + bad + "]}")
                .post(wine.url("/invocations"))
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_input"))
                .body("error.message", startsWith("row 2, column density: density 1.3 is outside (0, 1)"));
    }

    @Test
    void aMissingFeatureIsA400NamingIt() {
        String gap = GOOD_WINE.replace("\"pH\": 3.2", "\"pH\": null");
        given().contentType("application/json").body("{\"instances\": [" + gap + "]}")
                .post(wine.url("/invocations"))
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_input"))
                .body("error.message", startsWith("row 1, column pH: missing value"));
    }

    @Test
    void textAnUnknownFeatureAndAShortCsvRowAre400s() {
        given().contentType("application/json").body("{\"instances\": [" + GOOD_WINE.replace("13.2", "\"strong\"")
                + "]}").post(wine.url("/invocations"))
                .then().statusCode(400).body("error.code", equalTo("not_a_number"));
        given().contentType("application/json").body("{\"instances\": [" + GOOD_WINE.replace("\"pH\"", "\"ph\"")
                + "]}").post(wine.url("/invocations"))
                .then().statusCode(400).body("error.code", equalTo("unknown_feature"));
        given().contentType("text/csv").body("7.4,0.25,0.36\n").post(wine.url("/invocations"))
                .then().statusCode(400).body("error.code", equalTo("wrong_feature_count"));
    }

    @Test
    void aClassifierWithoutHooksAnswersItsLabelAndScores() {
        given().contentType("application/json")
                .body("{\"instances\": [{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4,"
                        + " \"petal_width\": 0.2}]}")
                .post(iris.url("/invocations"))
                .then().statusCode(200)
                .body("predictions[0].label", equalTo("setosa"))
                .body("predictions[0].scores.setosa", equalTo(1.0f))
                .body("predictions[0].scores.keySet()", equalTo(java.util.Set.of("setosa", "versicolor",
                        "virginica")));
        String csv = given().contentType("text/csv").body("6.7,3.0,5.2,2.3\n").post(iris.url("/invocations"))
                .then().statusCode(200).extract().asString();
        assertThat(csv).startsWith("virginica,").endsWith("\n");
        // A density far outside (0, 1) means nothing to iris: no hooks were trained into this model.
        given().contentType("application/json").body("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}")
                .post(iris.url("/invocations")).then().statusCode(200)
                .body("predictions[0].label", oneOf("setosa"));
    }
}
