package dev.skiff.samples.tribuo.text;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the text classifier: logistic regression (Tribuo's {@link LinearSGDTrainer}, AdaGrad) over the presence of
 * {@link Words} in labelled documents, evaluates it, and writes {@value #MODEL_FILE} (Tribuo's protobuf form) and
 * {@value #METADATA_FILE} (how the features were made, the classes, the metrics).
 */
final class TextTraining {
    static final String MODEL_FILE = "tribuo-text-model";
    static final String METADATA_FILE = "tribuo-text-model.json";
    private static final JsonFactory JSON = new JsonFactory();

    /** One labelled text. */
    record Document(String label, String text) {
    }

    /** Where metrics go, e.g. {@code ("validation-accuracy", 0.93)}. */
    interface Metrics {
        void report(String name, double value);
    }

    private TextTraining() {
    }

    /**
     * Reads JSON Lines of {@code {"label": "...", "text": "..."}} (other fields ignored, empty lines skipped); a bad
     * line fails with {@code source line N: ...}.
     */
    static List<Document> read(String source, InputStream jsonLines) throws IOException {
        List<Document> documents = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(jsonLines, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (!line.isBlank()) {
                documents.add(document(line, source + " line " + number));
            }
        }
        return documents;
    }

    private static Document document(String line, String where) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(where + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String label = fields.getOrDefault("label", "");
        String text = fields.getOrDefault("text", "");
        if (label.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException(where + ": needs a non-empty string \"label\" and \"text\"");
        }
        return new Document(label, text);
    }

    /** Trains on {@code train}, evaluates on it and on {@code validation} (may be empty), writes the model. */
    static void run(TextSettings settings, List<Document> train, List<Document> validation, Path modelDir,
            Metrics metrics) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the train channel holds no documents");
        }
        MutableDataset<Label> data = dataset("train", train, settings.pairs());
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(settings.learningRate(), 0.1),
                settings.epochs(), -1, 1, settings.seed());
        Model<Label> model = trainer.train(data);
        Map<String, Double> results = new LinkedHashMap<>();
        LabelEvaluator evaluator = new LabelEvaluator();
        report("train", evaluator.evaluate(model, data), results, metrics);
        if (!validation.isEmpty()) {
            report("validation", evaluator.evaluate(model, dataset("validation", validation, settings.pairs())),
                    results, metrics);
        }
        Files.createDirectories(modelDir);
        model.serializeToFile(modelDir.resolve(MODEL_FILE));
        writeMetadata(modelDir.resolve(METADATA_FILE), settings.pairs(),
                new TreeSet<>(train.stream().map(Document::label).toList()), data.getFeatureMap().size(), results);
    }

    private static MutableDataset<Label> dataset(String channel, List<Document> documents, boolean pairs) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("skiff channel " + channel,
                factory), factory);
        for (Document d : documents) {
            data.add(Words.example(new Label(d.label()), Words.of(d.text(), pairs).names()));
        }
        return data;
    }

    private static void report(String channel, LabelEvaluation e, Map<String, Double> results, Metrics metrics) {
        results.put(channel + "-accuracy", e.accuracy());
        results.put(channel + "-macro_f1", e.macroAveragedF1());
        metrics.report(channel + "-accuracy", e.accuracy());
        metrics.report(channel + "-macro_f1", e.macroAveragedF1());
    }

    private static void writeMetadata(Path file, boolean pairs, TreeSet<String> classes, int features,
            Map<String, Double> metrics) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeBooleanField("pairs", pairs);
            g.writeArrayFieldStart("classes");
            for (String c : classes) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("features", features);
            g.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Double> m : metrics.entrySet()) {
                g.writeNumberField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** Whether the model at {@code metadata} was trained with word pairs. */
    static boolean pairs(Path metadata) throws IOException {
        try (JsonParser p = JSON.createParser(Files.newInputStream(metadata))) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("pairs")
                        && p.getParsingContext().getParent().inRoot()) {
                    return p.nextToken() == JsonToken.VALUE_TRUE;
                }
            }
        }
        throw new IOException(metadata + " does not say whether the model uses word pairs (\"pairs\")");
    }
}
