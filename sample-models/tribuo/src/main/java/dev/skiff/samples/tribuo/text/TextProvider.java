package dev.skiff.samples.tribuo.text;

import dev.skiff.samples.tribuo.TribuoProvider;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.RawModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.classification.Label;

/**
 * Serves the text classifier that {@link TextTrainer} wrote ({@value TextTraining#MODEL_FILE} and its
 * {@value TextTraining#METADATA_FILE}) as a raw model: {@code text/plain} in, the class out.
 */
public final class TextProvider implements ModelProvider {
    private static final Logger log = LoggerFactory.getLogger(TextProvider.class);

    @Override
    public String name() {
        return "tribuo-text";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(TextTraining.MODEL_FILE));
    }

    @Override
    public RawModel load(ModelContext context) throws IOException {
        Path file = context.modelDir().resolve(TextTraining.MODEL_FILE);
        Path metadata = context.modelDir().resolve(TextTraining.METADATA_FILE);
        if (!Files.isRegularFile(metadata)) {
            throw new IOException(metadata + " is missing: it says how the model's features were made; train the "
                    + "model with skiff_trainer=tribuo-text");
        }
        org.tribuo.Model<?> model = TribuoProvider.deserialize(file);
        if (!model.validate(Label.class)) {
            throw new IOException(file + " is not a classifier (it does not predict Labels)");
        }
        org.tribuo.Model<Label> classifier = model.castModel(Label.class);
        List<String> classes = classifier.getOutputIDInfo().getDomain().stream().map(Label::getLabel).sorted()
                .toList();
        boolean pairs = TextTraining.pairs(metadata);
        log.info("tribuo-text: {} features{}, classes {}", classifier.getFeatureIDMap().size(),
                pairs ? " (words and word pairs)" : " (words)", classes);
        return new TextModel(classifier, pairs, classes);
    }
}
