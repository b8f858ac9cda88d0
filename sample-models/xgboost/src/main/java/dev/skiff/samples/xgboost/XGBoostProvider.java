package dev.skiff.samples.xgboost;

import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves XGBoost models: any file XGBoost loads (JSON, UBJSON, the legacy binary format of XGBoost 1.x and of
 * SageMaker's built-in algorithm), named {@code xgboost-model} or a single {@code *.json}/{@code *.ubj} model.
 */
public final class XGBoostProvider implements ModelProvider {
    /**
     * Threads XGBoost4J uses inside one predict call (when it serves the model); default: the cores shared out among
     * the model's workers.
     */
    static final String NTHREAD_ENV = "SKIFF_XGBOOST_NTHREAD";

    private static final Logger LOG = LoggerFactory.getLogger(XGBoostProvider.class);

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return ModelFiles.locate(modelDir).isPresent();
    }

    @Override
    public Model load(ModelContext context) throws Exception {
        Path file = ModelFiles.locate(context.modelDir()).orElseThrow(() -> new ModelRefusedException(
                "no XGBoost model in " + context.modelDir() + ": expected " + ModelFiles.SAGEMAKER_NAME
                        + " or one *.json/*.ubj model"));
        EvaluatorChoice.Mode mode = EvaluatorChoice.mode(context.environment());
        Booster booster = loadBooster(file);
        try {
            byte[] json = booster.toByteArray("json");
            ModelHeader header = ModelHeader.parse(json);
            OutputShape output = OutputShape.of(context.environment(), header);
            if (!output.unavailableKeys().isEmpty()) {
                LOG.warn("{} asks for {}, which objective {} does not give: answered as null",
                        OutputShape.ENV, output.unavailableKeys(), header.objective());
            }
            Scorer scorer = EvaluatorChoice.choose(mode, booster, header, json, file.getFileName().toString(),
                    nthread(context));
            LOG.info("Loaded {}: objective {}, {} features, {} classes, base_score {}, booster {}; evaluator {}",
                    file.getFileName(), header.objective(), header.numFeature(), header.numClass(),
                    header.baseScore(), header.booster(), scorer.describe());
            return new XGBoostModel(scorer, header, output);
        } catch (Exception | Error e) {
            booster.dispose(); // safe twice: the JVM evaluator's choice disposed it already
            throw e;
        }
    }

    /** Reads, checks and loads the model file; the booster's base_score is the one the file declares. */
    static Booster loadBooster(Path file) throws IOException, ModelRefusedException {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        ModelFormat format = ModelFormat.detect(bytes, bytes.length);
        switch (format) {
            case PICKLE -> throw new ModelRefusedException(name + " is a Python pickle, which XGBoost cannot read. "
                    + "Re-save it with XGBoost's own format: in Python, booster = pickle.load(open('" + name
                    + "', 'rb')); booster.save_model(\"xgboost-model\") (for an XGBClassifier/XGBRegressor, "
                    + "model.get_booster().save_model(\"xgboost-model\")).");
            case ARCHIVE -> throw new ModelRefusedException(name + " is a gzip or zip archive, not a model: put the "
                    + "model file itself into model.tar.gz (SageMaker unpacks that one).");
            case EMPTY -> throw new ModelRefusedException(name + " is empty");
            default -> {
            }
        }
        BaseScore.Normalised model = BaseScore.normalise(GammaObjective.complete(bytes, format), format, name);
        Booster booster;
        try {
            booster = XGBoost.loadModel(model.bytes());
        } catch (XGBoostError e) {
            throw new ModelRefusedException("XGBoost cannot load " + name + " (" + format + "): " + e.getMessage(), e);
        }
        try {
            checkBaseScore(booster, model.declared(), name);
            return booster;
        } catch (IOException | ModelRefusedException | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /** Never serve a model whose intercept XGBoost4J read differently from what the file says. */
    private static void checkBaseScore(Booster booster, float declared, String name)
            throws IOException, ModelRefusedException {
        if (Float.isNaN(declared)) {
            return; // legacy binary: a plain float field, nothing to misread
        }
        float loaded;
        try {
            loaded = ModelHeader.parse(booster.toByteArray("json")).baseScore();
        } catch (XGBoostError e) {
            throw new ModelRefusedException("XGBoost cannot save " + name + " back as JSON: " + e.getMessage(), e);
        }
        if (Math.abs(loaded - declared) > 1e-6f * Math.max(1f, Math.abs(declared))) {
            throw new ModelRefusedException(name + " declares base_score " + declared + " but XGBoost4J read "
                    + loaded + "; refusing to serve predictions shifted by the difference");
        }
    }

    private static int nthread(ModelContext context) {
        String configured = context.environment().get(NTHREAD_ENV);
        if (configured != null && !configured.isBlank()) {
            return Math.max(1, Integer.parseInt(configured.trim()));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, context.workers()));
    }
}
