package dev.skiff.samples.tribuo.text;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code skiff train} for the text classifier ({@code skiff_trainer=tribuo-text}): the {@code train} channel, and
 * {@code validation} when the job has one, as JSON Lines of {@code {"label": ..., "text": ...}}; hyperparameters of
 * {@link TextSettings}. Bad ones and bad data fail the job with a one-line reason.
 */
public final class TextTrainer implements Trainer {
    @Override
    public String name() {
        return "tribuo-text";
    }

    @Override
    public void train(TrainingContext context) throws Exception {
        try {
            TextSettings settings = TextSettings.parse(context.hyperparameters().asMap());
            List<TextTraining.Document> train = documents(context.channel("train"));
            List<TextTraining.Document> validation = context.channels().containsKey("validation")
                    ? documents(context.channel("validation")) : List.of();
            TextTraining.run(settings, train, validation, context.modelDir(), context::reportMetric);
        } catch (IllegalArgumentException e) {
            throw new TrainingException(e.getMessage(), e);
        }
    }

    private static List<TextTraining.Document> documents(Channel channel) throws IOException {
        List<TextTraining.Document> documents = new ArrayList<>();
        channel.read(0, (name, stream) -> documents.addAll(TextTraining.read(name, stream)));
        return documents;
    }
}
