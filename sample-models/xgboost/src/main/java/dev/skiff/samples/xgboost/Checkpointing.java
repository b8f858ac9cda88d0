package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingContext;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spot-training checkpoints, named as SageMaker's XGBoost container names them: after round {@code N} (counted
 * from 0) the booster is saved as {@code xgboost-checkpoint.N} (UBJSON) in the checkpoint folder, and the newest
 * {@value #KEEP} are kept. Every round is written, as the container does: a stop loses at most the round in
 * progress, and nothing is left to write when SIGTERM comes. Writes go through the job's atomic writer (temporary
 * file, flushed, renamed), so a reader sees a whole checkpoint or none.
 *
 * <p>Only the host that writes the model writes checkpoints ({@code writes}); every host reads them to resume.
 * A file SageMaker is still uploading ({@code <file>.sagemaker-uploading} without {@code .sagemaker-uploaded}) is
 * pruned later, never while it uploads. A k-fold job checkpoints each fold under its own name,
 * {@code xgboost-checkpoint-<fold>.N}.
 */
final class Checkpointing {
    static final String NAME = "xgboost-checkpoint";
    static final int KEEP = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointing.class);

    /** Writes a checkpoint file atomically: the job's {@link TrainingContext#saveCheckpoint}. */
    @FunctionalInterface
    interface Store {
        Path save(String name, TrainingContext.CheckpointWriter writer) throws IOException;
    }

    /** A checkpoint found in the folder: the booster after round {@code round}. */
    record Checkpoint(int round, Path file) {
    }

    private final Path dir;
    private final Store store;
    private final BooleanSupplier writes;
    private final String prefix;
    private final Pattern pattern;

    Checkpointing(Path dir, Store store, boolean writes) {
        this(dir, store, () -> writes, NAME);
    }

    /** {@code writes} is asked at each save: in a multi-host job, whether this host is the group's master. */
    Checkpointing(Path dir, Store store, BooleanSupplier writes) {
        this(dir, store, writes, NAME);
    }

    private Checkpointing(Path dir, Store store, BooleanSupplier writes, String prefix) {
        this.dir = dir;
        this.store = store;
        this.writes = writes;
        this.prefix = prefix;
        this.pattern = Pattern.compile(Pattern.quote(prefix) + "\\.([0-9]+)");
    }

    /** The checkpoints of fold {@code fold} of a k-fold job. */
    Checkpointing fold(int fold) {
        return new Checkpointing(dir, store, writes, NAME + "-" + fold);
    }

    /** Every checkpoint in the folder, newest first (a job resumes from the newest that loads). */
    List<Checkpoint> newestFirst() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Checkpoint> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    found.add(new Checkpoint(Integer.parseInt(m.group(1)), file));
                }
            });
        }
        found.sort(Comparator.comparingInt(Checkpoint::round).reversed());
        return found;
    }

    /** Saves {@code booster} as the checkpoint of round {@code round}, then prunes all but the newest. */
    void save(Booster booster, int round) throws IOException, XGBoostError {
        if (!writes.getAsBoolean()) {
            return;
        }
        byte[] model = booster.toByteArray("ubj");
        store.save(prefix + "." + round, out -> out.write(model));
        prune(round);
    }

    private void prune(int newest) throws IOException {
        for (Checkpoint old : newestFirst()) {
            if (old.round() <= newest - KEEP && !uploading(old.file())) {
                try {
                    Files.deleteIfExists(old.file());
                } catch (IOException | UncheckedIOException e) {
                    LOG.debug("could not delete old checkpoint {}: {}", old.file(), e.toString());
                }
            }
        }
    }

    private static boolean uploading(Path file) {
        String name = file.getFileName().toString();
        return Files.exists(file.resolveSibling(name + ".sagemaker-uploading"))
                && !Files.exists(file.resolveSibling(name + ".sagemaker-uploaded"));
    }
}
