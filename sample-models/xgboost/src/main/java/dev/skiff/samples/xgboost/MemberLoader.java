package dev.skiff.samples.xgboost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Reads one model file into a {@link Member} and the XGBoost4J booster that scores it: a pickled Booster is read as
 * data ({@link BoosterPickle}), a 1.x {@code reg:gamma} objective is completed ({@link GammaObjective}), a
 * list-valued base_score is made scalar ({@link BaseScore}), the booster's base_score is checked against the file's,
 * and the round limit is worked out from {@code best_ntree_limit}.
 */
final class MemberLoader {
    /** A member, its booster (owned by the caller) and how it was read, for the log. */
    record Loaded(Member member, Booster booster, String how) {
    }

    private MemberLoader() {
    }

    static Loaded load(Path file) throws IOException, ModelRefusedException {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        ModelFormat format = ModelFormat.detect(bytes, bytes.length);
        int pickledLimit = 0;
        String how = format.toString();
        if (format == ModelFormat.PICKLE) {
            BoosterPickle.Contents contents = BoosterPickle.read(bytes, name);
            bytes = contents.model();
            pickledLimit = contents.bestNtreeLimit();
            format = ModelFormat.detect(bytes, bytes.length);
            how = "a pickled Booster holding " + format;
        }
        switch (format) {
            case PICKLE -> throw new ModelRefusedException(name + " holds a pickle inside its pickle");
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
            ModelHeader header = ModelHeader.parse(booster.toByteArray("json"));
            checkBaseScore(header.baseScore(), model.declared(), name);
            int ntreeLimit = pickledLimit > 0 ? pickledLimit : header.bestNtreeLimit();
            int limit = roundLimit(ntreeLimit, header, booster.getNumBoostedRound());
            return new Loaded(new Member(name, model.bytes(), limit, header), booster, how);
        } catch (XGBoostError e) {
            booster.dispose();
            throw new ModelRefusedException("XGBoost cannot describe " + name + ": " + e.getMessage(), e);
        } catch (IOException | ModelRefusedException | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /**
     * Rounds to predict with for {@code best_ntree_limit} trees: {@code ntreeLimit / num_parallel_tree}, as xgboost
     * 1.x turns {@code ntree_limit} into an iteration range; 0 (all) when there is no limit, no trees, or the limit
     * reaches every round the model holds.
     */
    static int roundLimit(int ntreeLimit, ModelHeader header, int rounds) {
        if (ntreeLimit <= 0 || !header.trees()) {
            return 0;
        }
        int limit = ntreeLimit / header.numParallelTree();
        return limit > 0 && limit < rounds ? limit : 0;
    }

    /** Never serve a model whose intercept XGBoost4J read differently from what the file says. */
    private static void checkBaseScore(float loaded, float declared, String name) throws ModelRefusedException {
        if (Float.isNaN(declared)) {
            return; // legacy binary: a plain float field, nothing to misread
        }
        if (Math.abs(loaded - declared) > 1e-6f * Math.max(1f, Math.abs(declared))) {
            throw new ModelRefusedException(name + " declares base_score " + declared + " but XGBoost4J read "
                    + loaded + "; refusing to serve predictions shifted by the difference");
        }
    }
}
