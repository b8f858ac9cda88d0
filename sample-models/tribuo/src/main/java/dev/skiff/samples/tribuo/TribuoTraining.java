package dev.skiff.samples.tribuo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanAbsoluteError;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Trains one Tribuo model from tables and writes it to a model folder: independent of how the tables were found,
 * so the {@code Trainer} adapter and the tests share it.
 *
 * <p>Every cell of a feature column must be a finite number and every row complete: Tribuo reads an absent feature
 * as 0, which would silently skew a model, so gaps are refused here and at serving time alike.
 */
final class TribuoTraining {
    /** The model in Tribuo's protobuf form ({@code Model.serializeToFile}); also the provider's marker file. */
    static final String MODEL_FILE = "tribuo-model";

    /** Names the model's {@code ModelHooks} (hyperparameter {@code hooks}); Skiff loads {@code code/*.jar}. */
    static final String HOOKS_JAR = "code/skiff-hooks.jar";

    /** Where evaluation results go, e.g. {@code ("validation-accuracy", 0.93)}. */
    interface Metrics {
        void report(String name, double value);
    }

    private final TrainingSettings settings;
    private final Metrics metrics;

    TribuoTraining(TrainingSettings settings, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Trains on {@code train}, evaluates on {@code validation} (or, when it is {@code null}, on a seeded
     * {@code validation_fraction} split held out of {@code train}) and writes the model and its metadata.
     */
    ModelMetadata run(Table train, Table validation, Path modelDir) throws IOException {
        int label = train.column(settings.label());
        if (label < 0) {
            throw new IllegalArgumentException("label column '" + settings.label() + "' is not among the columns "
                    + train.columns() + "; set the hyperparameter label=<column>");
        }
        if (validation != null && !validation.columns().equals(train.columns())) {
            throw new IllegalArgumentException("validation columns " + validation.columns()
                    + " differ from training columns " + train.columns());
        }
        List<String> features = new ArrayList<>(train.columns());
        features.remove(label);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature columns beside the label '" + settings.label() + "'");
        }
        List<Table.Row> trainRows = new ArrayList<>(train.rows());
        List<Table.Row> validationRows = validation == null ? holdOut(trainRows) : validation.rows();
        return settings.task() == Task.CLASSIFICATION
                ? classification(features, label, trainRows, validationRows, modelDir)
                : regression(features, label, trainRows, validationRows, modelDir);
    }

    private List<Table.Row> holdOut(List<Table.Row> rows) {
        int held = (int) Math.floor(rows.size() * settings.validationFraction());
        if (held == 0) {
            return List.of();
        }
        Collections.shuffle(rows, new Random(settings.seed()));
        List<Table.Row> validation = new ArrayList<>(rows.subList(rows.size() - held, rows.size()));
        rows.subList(rows.size() - held, rows.size()).clear();
        return validation;
    }

    private ModelMetadata classification(List<String> features, int label, List<Table.Row> trainRows,
            List<Table.Row> validationRows, Path modelDir) throws IOException {
        LabelFactory factory = new LabelFactory();
        BiFunction<Table.Row, String, Label> output = (row, cell) -> {
            if (cell.isEmpty()) {
                throw new IllegalArgumentException(row.where() + ": the label '" + settings.label() + "' is empty");
            }
            return new Label(cell);
        };
        MutableDataset<Label> data = dataset("train", factory, features, label, trainRows, output);
        Model<Label> model = fit(data, classifier());
        List<String> classes = classOrder(data.getOutputInfo().getDomain().stream().map(Label::getLabel).toList());
        Map<String, Double> results = new LinkedHashMap<>();
        LabelEvaluator evaluator = new LabelEvaluator();
        record("train", evaluator.evaluate(model, data), results);
        if (!validationRows.isEmpty()) {
            record("validation", evaluator.evaluate(model,
                    dataset("validation", factory, features, label, validationRows, output)), results);
        }
        return save(model, data, features, classes, results, modelDir);
    }

    private ModelMetadata regression(List<String> features, int label, List<Table.Row> trainRows,
            List<Table.Row> validationRows, Path modelDir) throws IOException {
        RegressionFactory factory = new RegressionFactory();
        String name = settings.label();
        BiFunction<Table.Row, String, Regressor> output = (row, cell) -> new Regressor(name, number(row, name, cell));
        MutableDataset<Regressor> data = dataset("train", factory, features, label, trainRows, output);
        Model<Regressor> model = fit(data, regressor());
        Map<String, Double> results = new LinkedHashMap<>();
        RegressionEvaluator evaluator = new RegressionEvaluator();
        record("train", evaluator.evaluate(model, data), results);
        if (!validationRows.isEmpty()) {
            record("validation", evaluator.evaluate(model,
                    dataset("validation", factory, features, label, validationRows, output)), results);
        }
        return save(model, data, features, List.of(), results, modelDir);
    }

    private Trainer<Label> classifier() {
        if (settings.algorithm().equals("cart")) {
            return new CARTClassificationTrainer(settings.maxDepth(), settings.minChildWeight(),
                    settings.minImpurityDecrease(), settings.featureFraction(), false,
                    settings.impurity().equals("entropy") ? new Entropy() : new GiniIndex(), settings.seed());
        }
        return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(settings.learningRate(), 0.1), settings.epochs(), -1, settings.minibatchSize(),
                settings.seed());
    }

    private Trainer<Regressor> regressor() {
        if (settings.algorithm().equals("cart")) {
            return new CARTRegressionTrainer(settings.maxDepth(), settings.minChildWeight(),
                    settings.minImpurityDecrease(), settings.featureFraction(), false,
                    settings.impurity().equals("mae") ? new MeanAbsoluteError() : new MeanSquaredError(),
                    settings.seed());
        }
        return new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                new AdaGrad(settings.learningRate(), 0.1), settings.epochs(), -1, settings.minibatchSize(),
                settings.seed());
    }

    /** Linear models want standardised features; the transform is saved inside the model and applied on predict. */
    private <T extends Output<T>> Model<T> fit(MutableDataset<T> data, Trainer<T> trainer) {
        if (settings.normalize()) {
            trainer = new TransformTrainer<>(trainer, new TransformationMap(List.of(new MeanStdDevTransformation())),
                    true);
        }
        return trainer.train(data);
    }

    private <T extends Output<T>> MutableDataset<T> dataset(String channel, OutputFactory<T> factory,
            List<String> features, int label, List<Table.Row> rows, BiFunction<Table.Row, String, T> output) {
        MutableDataset<T> data = new MutableDataset<>(new SimpleDataSourceProvenance("skiff channel " + channel,
                factory), factory);
        String[] names = features.toArray(String[]::new);
        for (Table.Row row : rows) {
            double[] values = new double[names.length];
            String[] cells = row.cells();
            for (int c = 0, f = 0; c < cells.length; c++) {
                if (c != label) {
                    values[f] = number(row, names[f], cells[c]);
                    f++;
                }
            }
            data.add(new ArrayExample<>(output.apply(row, cells[label]), names, values));
        }
        return data;
    }

    private static double number(Table.Row row, String column, String cell) {
        if (cell.isEmpty()) {
            throw new IllegalArgumentException(row.where() + ": column '" + column
                    + "' is empty; Tribuo reads a missing feature as 0, so fill or drop such rows before training");
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(row.where() + ": column '" + column + "': '" + cell
                    + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(row.where() + ": column '" + column + "': " + cell + " is not finite");
        }
        return v;
    }

    private void record(String channel, LabelEvaluation e, Map<String, Double> results) {
        report(channel + "-accuracy", e.accuracy(), results);
        report(channel + "-f1", e.macroAveragedF1(), results);
    }

    private void record(String channel, RegressionEvaluation e, Map<String, Double> results) {
        report(channel + "-rmse", e.averageRMSE(), results);
        report(channel + "-mae", e.averageMAE(), results);
        report(channel + "-r2", e.averageR2(), results);
    }

    private void report(String name, double value, Map<String, Double> results) {
        results.put(name, value);
        metrics.report(name, value);
    }

    private <T extends Output<T>> ModelMetadata save(Model<T> model, MutableDataset<T> data, List<String> features,
            List<String> classes, Map<String, Double> results, Path modelDir) throws IOException {
        double[] min = new double[features.size()];
        double[] max = new double[features.size()];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (org.tribuo.Example<T> example : data) {
            for (org.tribuo.Feature f : example) {
                int c = features.indexOf(f.getName());
                min[c] = Math.min(min[c], f.getValue());
                max[c] = Math.max(max[c], f.getValue());
            }
        }
        List<ModelMetadata.Feature> ranges = new ArrayList<>();
        for (int c = 0; c < features.size(); c++) {
            ranges.add(new ModelMetadata.Feature(features.get(c), min[c], max[c]));
        }
        ModelMetadata metadata = new ModelMetadata(settings.task(), settings.algorithm(), settings.label(), ranges,
                classes, results);
        Files.createDirectories(modelDir);
        model.serializeToFile(modelDir.resolve(MODEL_FILE));
        metadata.write(modelDir.resolve(ModelMetadata.FILE));
        if (!settings.hooks().isEmpty()) {
            writeHooksJar(modelDir.resolve(HOOKS_JAR), settings.hooks());
        }
        return metadata;
    }

    /**
     * A jar holding only {@code META-INF/services/dev.skiff.spi.ModelHooks}: the class itself stays in the plugin
     * (same class loader), so the choice of hooks travels with the model instead of wrapping every model served.
     */
    private static void writeHooksJar(Path jar, String hooksClass) throws IOException {
        Files.createDirectories(jar.getParent());
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.skiff.spi.ModelHooks"));
            out.write((hooksClass + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    /** Numeric order when every class name is a number ("3" before "10"), else text order. */
    static List<String> classOrder(List<String> classes) {
        try {
            classes.forEach(Double::parseDouble);
            return classes.stream().sorted(Comparator.comparingDouble(Double::parseDouble)).toList();
        } catch (NumberFormatException e) {
            return classes.stream().sorted().toList();
        }
    }
}
