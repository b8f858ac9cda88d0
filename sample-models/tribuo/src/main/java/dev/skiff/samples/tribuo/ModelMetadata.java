package dev.skiff.samples.tribuo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What serving needs beside the Tribuo model ({@value #FILE}): the task, the features in training-column order (a
 * Tribuo model keeps them sorted by name, but CSV requests come in the training header's order) with the ranges
 * seen in training, and the class names. Written by the trainer; optional for a model trained elsewhere.
 *
 * @param features in column order; min/max as seen in the training data
 * @param classes  class names in score order (classification), else empty
 * @param metrics  evaluation results at training time, for the record
 */
record ModelMetadata(Task task, String algorithm, String label, List<Feature> features, List<String> classes,
        Map<String, Double> metrics) {
    static final String FILE = "tribuo-model.json";
    private static final int FORMAT = 1;
    private static final JsonFactory JSON = new JsonFactory();

    record Feature(String name, double min, double max) {
    }

    ModelMetadata {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        metrics = Map.copyOf(metrics);
    }

    List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    void write(Path file) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeStringField("task", task.id());
            json.writeStringField("algorithm", algorithm);
            json.writeStringField("label", label);
            json.writeArrayFieldStart("features");
            for (Feature f : features) {
                json.writeStartObject();
                json.writeStringField("name", f.name());
                json.writeNumberField("min", f.min());
                json.writeNumberField("max", f.max());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("classes");
            for (String c : classes) {
                json.writeString(c);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Double> m : new java.util.TreeMap<>(metrics).entrySet()) {
                json.writeNumberField(m.getKey(), m.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    static ModelMetadata read(Path file) throws IOException {
        try (JsonParser json = JSON.createParser(file.toFile())) {
            expect(json.nextToken() == JsonToken.START_OBJECT, file, "not a JSON object");
            Task task = null;
            String algorithm = "";
            String label = "";
            List<Feature> features = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            Map<String, Double> metrics = new LinkedHashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format" -> expect(json.getIntValue() == FORMAT, file, "format " + json.getText()
                            + " is not " + FORMAT + "; retrain with this version of the sample");
                    case "task" -> task = Task.parse(json.getText());
                    case "algorithm" -> algorithm = json.getText();
                    case "label" -> label = json.getText();
                    case "features" -> readFeatures(json, file, features);
                    case "classes" -> {
                        while (json.nextToken() == JsonToken.VALUE_STRING) {
                            classes.add(json.getText());
                        }
                    }
                    case "metrics" -> {
                        while (json.nextToken() == JsonToken.FIELD_NAME) {
                            String name = json.currentName();
                            json.nextToken();
                            metrics.put(name, json.getDoubleValue());
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            expect(task != null && !features.isEmpty(), file, "needs \"task\" and \"features\"");
            return new ModelMetadata(task, algorithm, label, features, classes, metrics);
        }
    }

    private static void readFeatures(JsonParser json, Path file, List<Feature> features) throws IOException {
        while (json.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            double min = Double.NEGATIVE_INFINITY;
            double max = Double.POSITIVE_INFINITY;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "name" -> name = json.getText();
                    case "min" -> min = json.getDoubleValue();
                    case "max" -> max = json.getDoubleValue();
                    default -> json.skipChildren();
                }
            }
            expect(name != null, file, "a feature has no \"name\"");
            features.add(new Feature(name, min, max));
        }
    }

    private static void expect(boolean ok, Path file, String problem) throws IOException {
        if (!ok) {
            throw new IOException(file + ": " + problem);
        }
    }
}
