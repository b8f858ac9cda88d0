package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test trainer {@code line-count}: reads channel {@code train} for {@code epochs} epochs through
 * {@link Channel#read} (or {@link Channel#readRecords} when {@code records} is true), counts its rows, and writes
 * {@code model.txt}. {@code fail_with} makes it throw.
 */
public final class LineCountTrainer implements Trainer {
    @Override
    public String name() {
        return "line-count";
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
        int epochs = ctx.hyperparameters().integer("epochs", 1);
        double scale = ctx.hyperparameters().decimal("scale", 1.0);
        if (ctx.hyperparameters().has("fail_with")) {
            throw new IllegalStateException(ctx.hyperparameters().requiredString("fail_with"));
        }
        Channel train = ctx.channel("train");
        StringBuilder seen = new StringBuilder();
        long lines = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long[] count = {0};
            if (ctx.hyperparameters().bool("records", false)) {
                count[0] = train.readRecords(epoch, InputSchema.numeric(InputSchema.ANY), 100, batch -> { });
                seen.append("records\n");
            } else {
                train.read(epoch, (source, in) -> {
                    seen.append(source).append('\n');
                    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    count[0] += reader.lines().filter(line -> !line.isBlank()).count();
                });
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("train-rows", count[0] * scale);
            ctx.reportIteration(epoch, metrics);
            lines = count[0];
        }
        if (lines == 0) {
            throw new TrainingException("channel 'train' has no rows");
        }
        ctx.reportMetric("train-rows", lines * scale);
        Files.writeString(ctx.modelDir().resolve("model.txt"), "rows=" + lines + "\n" + seen);
        Files.writeString(ctx.outputDataDir().resolve("extra.txt"), "extra output");
    }
}
