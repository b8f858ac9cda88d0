package dev.skiff.train;

import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Test trainer {@code checkpointing}: counts up to {@code iterations}, saving checkpoint {@code state} (the
 * iteration reached) each time and pausing {@code pause_ms} between iterations; stops when asked; resumes from
 * {@code state}. Writes {@code model.txt}: {@code resumed_from=R reached=N}.
 */
public final class CheckpointingTrainer implements Trainer {
    @Override
    public String name() {
        return "checkpointing";
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
        int iterations = ctx.hyperparameters().requiredInteger("iterations");
        long pause = ctx.hyperparameters().integer("pause_ms", 20);
        Optional<Path> state = ctx.checkpoint("state");
        int start = state.isPresent() ? Integer.parseInt(Files.readString(state.get()).trim()) : 0;
        int reached = start;
        while (reached < iterations && !ctx.stopRequested()) {
            reached++;
            int done = reached;
            ctx.reportIteration(done, Map.of("progress", (double) done / iterations));
            ctx.saveCheckpoint("state", out -> out.write(String.valueOf(done).getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(pause);
        }
        Files.writeString(ctx.modelDir().resolve("model.txt"), "resumed_from=" + start + " reached=" + reached
                + " resuming=" + ctx.resuming());
    }
}
