package dev.skiff.samples.tribuo;

import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Serves a Tribuo classification or regression model saved in Tribuo's protobuf form as
 * {@code /opt/ml/model/tribuo-model}, with {@code tribuo-model.json} beside it when the Tribuo trainer wrote it.
 * A model trained elsewhere ({@code model.serializeToFile(path)}, Tribuo 4.3) loads without the metadata: its
 * features are then taken in Tribuo's (alphabetical) order, which is the CSV column order to send.
 *
 * <p>Java-serialised Tribuo models are not loaded: deserialising untrusted Java objects is unsafe.
 */
public final class TribuoProvider implements ModelProvider {
    private static final Logger log = LoggerFactory.getLogger(TribuoProvider.class);

    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(TribuoTraining.MODEL_FILE));
    }

    @Override
    public Model load(ModelContext context) throws IOException {
        Path file = context.modelDir().resolve(TribuoTraining.MODEL_FILE);
        org.tribuo.Model<?> model = deserialize(file);
        Path metadataFile = context.modelDir().resolve(ModelMetadata.FILE);
        ModelMetadata metadata = Files.isRegularFile(metadataFile) ? ModelMetadata.read(metadataFile) : null;
        List<String> modelFeatures = new ArrayList<>(model.getFeatureIDMap().keySet());
        List<String> features = metadata == null ? new ArrayList<>(new TreeSet<>(modelFeatures))
                : metadata.featureNames();
        if (metadata != null && !new HashSet<>(features).equals(new HashSet<>(modelFeatures))) {
            throw new IOException(metadataFile + " lists features " + features + " but " + file + " knows "
                    + new TreeSet<>(modelFeatures) + "; the two files come from different trainings");
        }
        TribuoModel<?> served;
        if (model.validate(Label.class)) {
            expectTask(metadata, Task.CLASSIFICATION, metadataFile);
            org.tribuo.Model<Label> classifier = model.castModel(Label.class);
            List<String> classes = metadata != null && !metadata.classes().isEmpty() ? metadata.classes()
                    : TribuoTraining.classOrder(classifier.getOutputIDInfo().getDomain().stream()
                            .map(Label::getLabel).toList());
            served = TribuoModel.classification(classifier, features, classes);
            log.info("tribuo: classification over {} features, classes {}", features.size(), classes);
        } else if (model.validate(Regressor.class)) {
            expectTask(metadata, Task.REGRESSION, metadataFile);
            org.tribuo.Model<Regressor> regressor = model.castModel(Regressor.class);
            if (regressor.getOutputIDInfo().size() != 1) {
                throw new IOException(file + " regresses " + regressor.getOutputIDInfo().size()
                        + " values; this provider serves models of one regressed value");
            }
            served = TribuoModel.regression(regressor, features);
            log.info("tribuo: regression over {} features", features.size());
        } else {
            throw new IOException(file + " predicts " + model.getOutputIDInfo().getDomain().stream().findFirst()
                    .map(o -> o.getClass().getSimpleName()).orElse("unknown")
                    + " outputs; this provider serves classification (Label) and regression (Regressor) models");
        }
        if (metadata != null && !metadata.metrics().isEmpty()) {
            log.info("tribuo: metrics at training time {}", new java.util.TreeMap<>(metadata.metrics()));
        }
        return served;
    }

    /**
     * Reads a Tribuo model saved as protobuf ({@code model.serializeToFile(path)}); never Java serialisation, which is
     * unsafe on untrusted files. Both Tribuo providers load through it.
     */
    public static org.tribuo.Model<?> deserialize(Path file) throws IOException {
        try {
            return org.tribuo.Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a Tribuo protobuf model (save it with Tribuo 4.3+"
                    + " model.serializeToFile(path); Java-serialised models are not loaded): " + e.getMessage(), e);
        }
    }

    private static void expectTask(ModelMetadata metadata, Task actual, Path metadataFile) throws IOException {
        if (metadata != null && metadata.task() != actual) {
            throw new IOException(metadataFile + " says task " + metadata.task().id() + " but the model does "
                    + actual.id());
        }
    }
}
