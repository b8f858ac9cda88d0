package dev.skiff.image;

import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test trainer {@code sum} for the container tests: fits {@code label ≈ weight * sum(features)} by least squares on
 * channel {@code train} (CSV, label first) and writes what the runtime's {@code SumModelProvider} serves: a
 * {@code sum-model} file and, in {@code code/}, the jar this class came from, so the model artifact carries its own
 * code the way a user's would.
 */
public final class SumTrainer implements Trainer {
    @Override
    public String name() {
        return "sum";
    }

    @Override
    public void train(TrainingContext ctx) throws Exception {
        int features = ctx.hyperparameters().integer("features", 3);
        double[] sums = new double[3]; // sum(s * y), sum(s * s), rows
        ctx.channel("train").readRecords(0, InputSchema.numeric(features + 1), 100, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                double s = 0;
                for (int c = 1; c <= features; c++) {
                    s += batch.number(i, c);
                }
                sums[0] += s * batch.number(i, 0);
                sums[1] += s * s;
                sums[2]++;
            }
        });
        if (sums[2] == 0 || sums[1] == 0) {
            throw new TrainingException("channel 'train' has no usable rows");
        }
        double weight = sums[0] / sums[1];
        ctx.reportMetric("train-weight", weight);
        Path model = ctx.modelDir();
        Files.writeString(model.resolve("sum-model"), "features=" + features + "\nweight=" + weight + "\n");
        Path jar = Path.of(SumTrainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path code = Files.createDirectories(model.resolve("code"));
        Files.copy(jar, code.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
