package dev.skiff.samples.tribuo;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code skiff train} for Tribuo ({@code skiff_trainer=tribuo}): the {@code train} channel, and {@code validation}
 * when the job has one, read once each (so Pipe mode works), then {@link TribuoTraining}. Hyperparameters are those
 * of {@link TrainingSettings}; bad ones and bad data fail the job with a one-line reason.
 */
public final class TribuoTrainer implements Trainer {
    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public void train(TrainingContext context) throws Exception {
        Map<String, String> hyperparameters = new HashMap<>(context.hyperparameters().asMap());
        hyperparameters.remove("skiff_trainer");
        try {
            TrainingSettings settings = TrainingSettings.parse(hyperparameters);
            Table train = table(context.channel("train"));
            Table validation = context.channels().containsKey("validation")
                    ? table(context.channel("validation")) : null;
            new TribuoTraining(settings, context::reportMetric).run(train, validation, context.modelDir());
        } catch (IllegalArgumentException e) {
            throw new TrainingException(e.getMessage(), e);
        }
    }

    private static Table table(Channel channel) throws IOException {
        List<Table> parts = new ArrayList<>();
        channel.read(0, (name, stream) -> parts.add(Table.read(name, stream)));
        return Table.concat(parts, "channel '" + channel.name() + "'");
    }
}
