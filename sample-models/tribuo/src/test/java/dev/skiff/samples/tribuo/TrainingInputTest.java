package dev.skiff.samples.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hyperparameters and training data that a job must refuse, with a reason a person can act on. */
class TrainingInputTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLogisticForClassificationAndCartForRegression() {
        TrainingSettings c = TrainingSettings.parse(Map.of());
        assertThat(c.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(c.algorithm()).isEqualTo("logistic");
        assertThat(c.normalize()).isTrue();
        assertThat(c.label()).isEqualTo("label");
        TrainingSettings r = TrainingSettings.parse(Map.of("task", "regression"));
        assertThat(r.algorithm()).isEqualTo("cart");
        assertThat(r.normalize()).isFalse();
        assertThat(r.impurity()).isEqualTo("mse");
    }

    @Test
    void sageMakersOwnNamesAndQuotedValuesAreAccepted() {
        TrainingSettings s = TrainingSettings.parse(Map.of("sagemaker_program", "x", "_tuning_objective_metric",
                "validation-accuracy", "epochs", "\"7\"", "algorithm", "\"cart\""));
        assertThat(s.epochs()).isEqualTo(7);
        assertThat(s.algorithm()).isEqualTo("cart");
    }

    @Test
    void typosAndBadValuesFailTheJob() {
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("max_dept", "3")))
                .hasMessageContaining("unknown hyperparameter(s) [max_dept]");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("task", "regression", "algorithm", "logistic")))
                .hasMessageContaining("not one of [linear, cart]");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("epochs", "many")))
                .hasMessageContaining("epochs=many is not an integer");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("validation_fraction", "1.5")))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("task", "clustering")))
                .hasMessageContaining("not one of classification, regression");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("hooks", "cheese")))
                .hasMessageContaining("hooks=cheese");
        assertThatThrownBy(() -> TrainingSettings.parse(Map.of("hooks", "java.lang.String")))
                .hasMessageContaining("is not a ModelHooks");
    }

    @Test
    void aMissingLabelColumnNamesTheColumnsThereAre() {
        assertThatThrownBy(() -> Samples.train(dir, Samples.IRIS, null, new HashMap<>()))
                .hasMessageContaining("label column 'label' is not among the columns [sepal_length");
    }

    @Test
    void anEmptyOrNonNumericCellNamesFileLineAndColumn() throws IOException {
        Path csv = write("a.csv", "x,y,label\n1,2,a\n3,,b\n");
        assertThatThrownBy(() -> Samples.train(dir.resolve("m"), csv, null, new HashMap<>()))
                .hasMessageContaining("a.csv:3: column 'y' is empty");
        Path text = write("b.csv", "x,y,label\n1,2,a\n3,four,b\n");
        assertThatThrownBy(() -> Samples.train(dir.resolve("m"), text, null, new HashMap<>()))
                .hasMessageContaining("b.csv:3: column 'y': 'four' is not a number");
        Path regression = write("c.csv", "x,label\n1,2\n3,high\n");
        assertThatThrownBy(() -> Samples.train(dir.resolve("m"), regression, null, new HashMap<>(),
                "task=regression")).hasMessageContaining("c.csv:3: column 'label': 'high' is not a number");
    }

    @Test
    void tablesComeFromCsvOrJsonLinesAndAFolderMustAgreeOnColumns() throws IOException {
        Path channel = Files.createDirectories(dir.resolve("train"));
        Files.writeString(channel.resolve("part-1.csv"), "x,label\n1,a\n");
        Files.writeString(channel.resolve("part-2"), "{\"label\": \"b\", \"x\": 2.5}\n\n{\"x\": 3, \"label\": null}\n");
        Files.writeString(channel.resolve(".DS_Store"), "junk");
        Table t = Table.read(channel);
        assertThat(t.columns()).containsExactly("x", "label");
        assertThat(t.rows()).extracting(r -> String.join("|", r.cells())).containsExactly("1|a", "2.5|b", "3|");
        assertThat(t.rows().get(2).where()).isEqualTo("part-2:3");

        Files.writeString(channel.resolve("part-3.csv"), "label,x,y\nc,4,5\n");
        assertThatThrownBy(() -> Table.read(channel)).hasMessageContaining("part-3.csv: columns [label, x, y] differ");
    }

    @Test
    void badJsonLinesAndRaggedCsvAreLocated() throws IOException {
        assertThatThrownBy(() -> Table.read(write("d.jsonl", "{\"x\": 1, \"label\": \"a\"}\n{\"x\": 2,\n")))
                .hasMessageContaining("d.jsonl:2: invalid JSON");
        assertThatThrownBy(() -> Table.read(write("e.jsonl", "{\"x\": 1, \"label\": \"a\"}\n{\"x\": 2}\n")))
                .hasMessageContaining("e.jsonl:2: keys [x] differ");
        assertThatThrownBy(() -> Table.read(write("f.jsonl", "{\"x\": [1], \"label\": \"a\"}\n")))
                .hasMessageContaining("\"x\" is not a number or a string");
        assertThatThrownBy(() -> Table.read(write("g.csv", "x,label\n1,a,extra\n")))
                .hasMessageContaining("g.csv:2: 3 cells, the header has 2");
        assertThatThrownBy(() -> Table.read(write("h.csv", "x,label\n"))).hasMessageContaining("no data rows");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
