package dev.skiff.samples.xgboost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the model file in a model directory: {@code xgboost-model} (SageMaker's name, whatever its format), else
 * the one {@code *.json} or {@code *.ubj} file whose first bytes are an XGBoost model. Names starting with {@code .}
 * ({@code .DS_Store}, {@code ._xgboost-model} from macOS tar) are never looked at.
 */
final class ModelFiles {
    static final String SAGEMAKER_NAME = "xgboost-model";
    private static final int HEAD = 64;

    private ModelFiles() {
    }

    static Optional<Path> locate(Path dir) {
        Path named = dir.resolve(SAGEMAKER_NAME);
        if (Files.isRegularFile(named)) {
            return Optional.of(named);
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(ModelFiles::visible)
                    .filter(p -> p.getFileName().toString().endsWith(".json")
                            || p.getFileName().toString().endsWith(".ubj"))
                    .filter(Files::isRegularFile)
                    .filter(ModelFiles::looksLikeXGBoost)
                    .toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static boolean visible(Path p) {
        return !p.getFileName().toString().startsWith(".");
    }

    /** JSON and UBJSON models both open with the {@code learner} object: a cheap, precise check. */
    private static boolean looksLikeXGBoost(Path p) {
        byte[] head = new byte[HEAD];
        try (InputStream in = Files.newInputStream(p)) {
            int n = in.readNBytes(head, 0, HEAD);
            ModelFormat format = ModelFormat.detect(head, n);
            return (format == ModelFormat.JSON || format == ModelFormat.UBJ)
                    && new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("learner");
        } catch (IOException e) {
            return false;
        }
    }
}
