package dev.skiff.samples.xgboost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the model files in a model directory, in the order they are served: {@code xgboost-model} (SageMaker's name,
 * whatever its format) and the k-fold ensemble's {@code xgboost-model-0}, {@code -1}, ... by number; when there are
 * none, every {@code *.json}/{@code *.ubj} file whose first bytes are an XGBoost model and every pickled
 * {@code xgboost.core.Booster}, by name. Several files are an ensemble. Names starting with {@code .}
 * ({@code .DS_Store}, {@code ._xgboost-model} from macOS tar) are never looked at.
 */
final class ModelFiles {
    static final String SAGEMAKER_NAME = "xgboost-model";
    private static final Pattern SAGEMAKER = Pattern.compile("xgboost-model(?:-(\\d{1,9}))?");
    private static final int HEAD = 64;

    private ModelFiles() {
    }

    /** The model files of {@code dir}, first first; empty when it has none (or cannot be read). */
    static List<Path> members(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
        List<Path> sageMaker = files.stream().filter(p -> SAGEMAKER.matcher(name(p)).matches())
                .sorted(Comparator.comparingLong(ModelFiles::fold)).toList();
        if (!sageMaker.isEmpty()) {
            return sageMaker;
        }
        return files.stream().filter(ModelFiles::looksLikeXGBoost).sorted(Comparator.comparing(ModelFiles::name))
                .toList();
    }

    /** {@code xgboost-model} is -1, {@code xgboost-model-N} is N. */
    private static long fold(Path p) {
        Matcher m = SAGEMAKER.matcher(name(p));
        return m.matches() && m.group(1) != null ? Long.parseLong(m.group(1)) : -1;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /** JSON and UBJSON models open with the {@code learner} object; a pickled Booster names its class early. */
    private static boolean looksLikeXGBoost(Path p) {
        byte[] head = new byte[HEAD];
        try (InputStream in = Files.newInputStream(p)) {
            int n = in.readNBytes(head, 0, HEAD);
            ModelFormat format = ModelFormat.detect(head, n);
            String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
            boolean model = (format == ModelFormat.JSON || format == ModelFormat.UBJ)
                    && (name(p).endsWith(".json") || name(p).endsWith(".ubj")) && text.contains("learner");
            return model || (format == ModelFormat.PICKLE && text.contains("xgboost.core"));
        } catch (IOException e) {
            return false;
        }
    }
}
