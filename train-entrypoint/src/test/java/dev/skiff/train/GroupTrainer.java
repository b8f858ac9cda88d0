package dev.skiff.train;

import dev.skiff.spi.Group;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test trainer {@code group}: joins the cluster (it has data when its {@code train} channel has files), the master's
 * rendezvous answering {@code master=<its host>}; then fails when the {@code fail_on} hyperparameter names this host,
 * else runs {@code iterations} pauses of {@code pause_ms} or until asked to stop. Every member writes
 * {@code output/data/joined} once it has joined, and at the end {@code output/data/group.txt} (rank, members,
 * rendezvous); the master alone writes {@code model/model.txt}.
 */
public final class GroupTrainer implements Trainer {
    @Override
    public String name() {
        return "group";
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
        boolean hasData = !ctx.channel("train").files().isEmpty();
        Group group = ctx.cluster().join(hasData, g -> Map.of("master", g.currentHost(), "size",
                String.valueOf(g.size())));
        if (!group.member()) {
            return;
        }
        Files.writeString(ctx.outputDataDir().resolve("joined"), "");
        if (ctx.currentHost().equals(ctx.hyperparameters().string("fail_on", ""))) {
            throw new TrainingException("boom on " + ctx.currentHost());
        }
        int iterations = ctx.hyperparameters().integer("iterations", 0);
        for (int i = 0; i < iterations && !ctx.stopRequested(); i++) {
            ctx.reportIteration(i, Map.of("rank", (double) group.rank()));
            Thread.sleep(ctx.hyperparameters().integer("pause_ms", 10));
        }
        Files.writeString(ctx.outputDataDir().resolve("group.txt"), "rank=" + group.rank() + " members="
                + group.members() + " rendezvous=" + new TreeMap<>(group.rendezvous()));
        if (group.master()) {
            Files.writeString(ctx.modelDir().resolve("model.txt"), "trained by " + group.members());
        }
    }
}
