package dev.skiff.samples.xgboost;

import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves XGBoost models as SageMaker's built-in XGBoost container does: any file XGBoost loads (JSON, UBJSON, the
 * legacy binary format of XGBoost 1.x and of the built-in algorithm) or a pickled Booster (read as data, never run),
 * named {@code xgboost-model}, or the k-fold ensemble {@code xgboost-model-0..N} (see {@link ModelFiles}), each
 * limited to its {@code best_ntree_limit} trees where that is set. A directory with an {@code MLmodel} file is an
 * MLflow model ({@link MlflowModel}) and is served as MLflow serves it.
 */
public final class XGBoostProvider implements ModelProvider {
    /**
     * Threads XGBoost4J uses inside one predict call (where it serves a model file); default: the cores shared out
     * among the model's workers.
     */
    static final String NTHREAD_ENV = "SKIFF_XGBOOST_NTHREAD";
    /** The container's switch: anything but {@code true} (the default) serves the first model file only. */
    static final String ENSEMBLE_ENV = "SAGEMAKER_INFERENCE_ENSEMBLE";

    private static final Logger LOG = LoggerFactory.getLogger(XGBoostProvider.class);

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return MlflowModel.present(modelDir) || !ModelFiles.members(modelDir).isEmpty();
    }

    @Override
    public Model load(ModelContext context) throws Exception {
        if (MlflowModel.present(context.modelDir())) {
            return loadMlflow(context);
        }
        List<Path> files = files(context);
        EvaluatorChoice.Mode mode = EvaluatorChoice.mode(context.environment());
        int nthread = nthread(context);
        List<Scorer> scorers = new ArrayList<>();
        try {
            ModelHeader header = null;
            for (Path file : files) {
                MemberLoader.Loaded loaded = MemberLoader.load(file);
                Scorer member = EvaluatorChoice.choose(mode, loaded, nthread);
                scorers.add(member);
                header = sameKind(header, loaded.member(), files.get(0));
                log(loaded, member);
            }
            OutputShape output = OutputShape.of(context.environment(), header);
            if (!output.unavailableKeys().isEmpty()) {
                LOG.warn("{} asks for {}, which objective {} does not give: answered as null",
                        OutputShape.ENV, output.unavailableKeys(), header.objective());
            }
            Scorer scorer = scorers.size() == 1 ? scorers.get(0) : new Ensemble(scorers, header.objective());
            if (scorers.size() > 1) {
                LOG.info("Serving an ensemble of {} models: {}", scorers.size(), scorer.describe());
            }
            return new XGBoostModel(scorer, header, output);
        } catch (Exception | Error e) {
            scorers.forEach(Scorer::close);
            throw e;
        }
    }

    /**
     * An MLflow model directory ({@code MLmodel}): its one model file, predicted as MLflow's pyfunc predicts it, with
     * the signature as the input schema.
     */
    private static Model loadMlflow(ModelContext context) throws Exception {
        MlflowModel mlflow = MlflowModel.read(context.modelDir());
        EvaluatorChoice.Mode mode = EvaluatorChoice.mode(context.environment());
        MemberLoader.Loaded loaded = MemberLoader.load(mlflow.data());
        ModelHeader header = loaded.member().header();
        String file = mlflow.data().getFileName().toString();
        Scorer scorer;
        InputSchema schema;
        int limit;
        try {
            schema = mlflow.signature() == null ? InputSchema.numeric(header.numFeature())
                    : mlflow.signature().schema(header.numFeature(), file);
            limit = mlflow.roundLimit(header, loaded.booster().getNumBoostedRound());
        } catch (Exception | Error e) {
            loaded.booster().dispose();
            throw e;
        }
        // MLflow's own round rule replaces the file's best_ntree_limit; the evaluator is chosen as for any model.
        Member member = new Member(loaded.member().file(), loaded.member().model(), limit, header);
        scorer = EvaluatorChoice.choose(mode, new MemberLoader.Loaded(member, loaded.booster(), loaded.how()),
                nthread(context));
        if (!context.environment().getOrDefault(OutputShape.ENV, "").isBlank()) {
            LOG.warn("{} is ignored for an MLflow model: it answers as MLflow's scoring server does", OutputShape.ENV);
        }
        LOG.info("Loaded MLflow model {} ({} flavor, {}, {}): objective {}, {} features, {}, input {}; {}", file,
                mlflow.flavor(), mlflow.modelClass(), loaded.how(), header.objective(), header.numFeature(),
                limit > 0 ? "first " + limit + " rounds (best_iteration)" : "all rounds",
                mlflow.signature() == null ? "unsigned" : schema, scorer.describe());
        return new XGBoostModel(scorer, header, schema, new MlflowAnswer(mlflow.labels(), header.objective()));
    }

    private static List<Path> files(ModelContext context) throws ModelRefusedException {
        List<Path> files = ModelFiles.members(context.modelDir());
        if (files.isEmpty()) {
            throw new ModelRefusedException("no XGBoost model in " + context.modelDir() + ": expected "
                    + ModelFiles.SAGEMAKER_NAME + ", " + ModelFiles.SAGEMAKER_NAME + "-0, -1, ... (an ensemble), or "
                    + "*.json/*.ubj models");
        }
        String ensemble = context.environment().getOrDefault(ENSEMBLE_ENV, "true");
        if (files.size() > 1 && !ensemble.trim().toLowerCase(Locale.ROOT).equals("true")) {
            LOG.info("{}={}: serving {} alone of {} model files", ENSEMBLE_ENV, ensemble,
                    files.get(0).getFileName(), files.size());
            return files.subList(0, 1);
        }
        return files;
    }

    /** Ensemble members must answer the same question: same objective, classes and features. */
    private static ModelHeader sameKind(ModelHeader first, Member member, Path firstFile) throws ModelRefusedException {
        ModelHeader h = member.header();
        if (first != null && (!first.objective().equals(h.objective()) || first.numClass() != h.numClass()
                || first.numFeature() != h.numFeature())) {
            throw new ModelRefusedException("the model files cannot be served as one ensemble: " + firstFile
                    .getFileName() + " is " + describe(first) + " but " + member.file() + " is " + describe(h));
        }
        return first == null ? h : first;
    }

    private static String describe(ModelHeader h) {
        return h.objective() + " with " + h.numFeature() + " features" + (h.numClass() > 0 ? " and " + h.numClass()
                + " classes" : "");
    }

    private static void log(MemberLoader.Loaded loaded, Scorer scorer) {
        Member m = loaded.member();
        ModelHeader h = m.header();
        LOG.info("Loaded {} ({}): objective {}, {} features, {} classes, base_score {}, booster {}, {}; evaluator {}",
                m.file(), loaded.how(), h.objective(), h.numFeature(), h.numClass(), h.baseScore(), h.booster(),
                m.roundLimit() > 0 ? "first " + m.roundLimit() + " rounds (best_ntree_limit)" : "all rounds",
                scorer.describe());
    }

    private static int nthread(ModelContext context) {
        Map<String, String> env = context.environment();
        String configured = env.get(NTHREAD_ENV);
        if (configured != null && !configured.isBlank()) {
            return Math.max(1, Integer.parseInt(configured.trim()));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, context.workers()));
    }
}
