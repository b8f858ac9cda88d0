package dev.skiff.samples.xgboost;

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
 * limited to its {@code best_ntree_limit} trees where that is set.
 */
public final class XGBoostProvider implements ModelProvider {
    /** Threads XGBoost uses inside one predict call; default: the cores shared out among the model's workers. */
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
        return !ModelFiles.members(modelDir).isEmpty();
    }

    @Override
    public Model load(ModelContext context) throws Exception {
        List<Path> files = files(context);
        int nthread = nthread(context);
        List<Scorer> scorers = new ArrayList<>();
        try {
            ModelHeader header = null;
            for (Path file : files) {
                MemberLoader.Loaded loaded = MemberLoader.load(file);
                scorers.add(new BoosterScorer(loaded.booster(), loaded.member().roundLimit()));
                loaded.booster().setParam("nthread", nthread);
                header = sameKind(header, loaded.member(), files.get(0));
                log(loaded, nthread);
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

    private static void log(MemberLoader.Loaded loaded, int nthread) {
        Member m = loaded.member();
        ModelHeader h = m.header();
        LOG.info("Loaded {} ({}): objective {}, {} features, {} classes, base_score {}, booster {}, {}, nthread {}",
                m.file(), loaded.how(), h.objective(), h.numFeature(), h.numClass(), h.baseScore(), h.booster(),
                m.roundLimit() > 0 ? "first " + m.roundLimit() + " rounds (best_ntree_limit)" : "all rounds",
                nthread);
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
