package dev.skiff.samples.tribuo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.ModelContext;
import dev.skiff.spi.RawModel;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text classifier trained on the bundled corpus (Debian package descriptions by section), then served raw. */
class TextModelTest {
    static final Path TRAIN = Path.of("data/packages-train.jsonl");
    static final Path VALIDATION = Path.of("data/packages-validation.jsonl");

    @TempDir
    static Path modelDir;
    static final Map<String, Double> metrics = new LinkedHashMap<>();
    static RawModel model;

    @BeforeAll
    static void train() throws Exception {
        TextTraining.run(TextSettings.parse(Map.of()), documents(TRAIN), documents(VALIDATION), modelDir,
                metrics::put);
        model = new TextProvider().load(new ModelContext(modelDir, Map.of(), 2));
    }

    static List<TextTraining.Document> documents(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TextTraining.read(file.getFileName().toString(), in);
        }
    }

    private static RawPrediction predict(String text, String accept) throws Exception {
        RequestContext context = RequestContext.builder().contentType("text/plain; charset=utf-8").accept(accept)
                .build();
        return model.predict(context, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String label(String text) throws Exception {
        return new String(predict(text, "").body(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void trainingReportsAccuracyWellAboveChanceOnHeldOutDescriptions() {
        assertThat(metrics).containsKeys("train-accuracy", "validation-accuracy", "validation-macro_f1");
        assertThat(metrics.get("validation-accuracy")).as("six classes: chance is 0.17").isGreaterThan(0.6);
        assertThat(modelDir.resolve(TextTraining.MODEL_FILE)).isRegularFile();
        assertThat(modelDir.resolve(TextTraining.METADATA_FILE)).content().contains("\"pairs\" : true");
    }

    @Test
    void descriptionsNotInTheCorpusGetTheirSection() throws Exception {
        assertThat(label("puzzle game with falling blocks for two players")).isEqualTo("games");
        assertThat(label("MP3 audio player and music library")).isEqualTo("sound");
        assertThat(label("SQL database server, client programs")).isEqualTo("database");
        assertThat(label("IMAP email client with spam filtering")).isEqualTo("mail");
    }

    @Test
    void jsonAnswersCarryEveryClassScoreAndAttributesSayHowManyWordsWereKnown() throws Exception {
        RawPrediction answer = predict("Fast IMAP mail client; xyzzyplugh", "application/json");
        assertThat(answer.contentType()).isEqualTo("application/json");
        String json = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"label\":\"mail\",\"scores\":{\"database\":").contains("\"sound\":")
                .endsWith("}}\n");
        assertThat(answer.customAttributes()).isEqualTo("words=5;known=4");
    }

    @Test
    void aTextOfUnknownWordsOrAForeignCharsetOrAcceptIsAClientError() {
        assertThatThrownBy(() -> label("xyzzy plugh")).isInstanceOf(SkiffException.class)
                .hasMessageContaining("none of the text's 2 words");
        assertThatThrownBy(() -> label("  ,, ")).hasMessage("the text has no words");
        assertThatThrownBy(() -> predict("mail", "image/png")).isInstanceOf(SkiffException.class)
                .hasMessageContaining("text/plain, application/json");
        RequestContext unknown = RequestContext.builder().contentType("text/plain; charset=klingon-1").build();
        assertThatThrownBy(() -> model.predict(unknown, new ByteArrayInputStream(new byte[] {'a'})))
                .isInstanceOf(SkiffException.class).hasMessageContaining("unknown charset 'klingon-1'");
    }

    @Test
    void theBodyIsDecodedInTheCharsetItNames() throws Exception {
        RequestContext latin = RequestContext.builder().contentType("text/plain; charset=ISO-8859-1").build();
        byte[] text = "caf\u00e9 mail client".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(model.predict(latin, new ByteArrayInputStream(text)).customAttributes())
                .as("'caf\u00e9' is one word, not two around a broken byte").isEqualTo("words=3;known=2");
    }

    @Test
    void wordsAreCutAtLettersAndDigits() {
        Words.Features f = Words.of("Real-time STRATEGY game", true);
        assertThat(f.names()).containsExactly("w:real", "w:time", "p:real time", "w:strategy", "p:time strategy",
                "w:game", "p:strategy game");
        assertThat(f.words()).isEqualTo(4);
        String longWord = "a".repeat(100);
        assertThat(Words.of(longWord, false).names()).containsExactly("w:" + "a".repeat(Words.MAX_WORD));
    }

    @Test
    void badTrainingDataAndHyperparametersNameTheProblem() {
        assertThatThrownBy(() -> TextTraining.read("train/x.jsonl",
                new ByteArrayInputStream("{\"label\": \"a\", \"text\": \"b\"}\n\n{\"label\": \"a\"}\n".getBytes(
                        StandardCharsets.UTF_8))))
                .hasMessage("train/x.jsonl line 3: needs a non-empty string \"label\" and \"text\"");
        assertThatThrownBy(() -> TextTraining.read("t",
                new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("t line 1: not a JSON object");
        assertThatThrownBy(() -> TextSettings.parse(Map.of("epoch", "3")))
                .hasMessageContaining("unknown hyperparameter(s) [epoch]");
        assertThatThrownBy(() -> TextSettings.parse(Map.of("epochs", "many")))
                .hasMessageContaining("epochs='many' is not an integer");
        assertThat(TextSettings.parse(Map.of("skiff_trainer", "tribuo-text", "pairs", "false",
                "sagemaker_region", "x")).pairs()).isFalse();
    }
}
