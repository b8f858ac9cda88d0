package dev.skiff.registry;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a {@code POST /models} {@code url} points, checked before anything is loaded: an absolute path to a directory
 * inside the models root ({@code $SKIFF_ML_ROOT/models}) once {@code ..} and symbolic links are resolved, holding at
 * least one file or folder whose name does not start with {@code .}. Reads the file system: call it off the event
 * loop.
 */
final class ModelDirectory {
    private ModelDirectory() {
    }

    /** The model's directory (its real path), or a 400 {@code invalid_model_url} naming the problem. */
    static Path resolve(Path root, String url) {
        Path given;
        try {
            given = Path.of(url);
        } catch (InvalidPathException e) {
            throw invalid("url '" + url + "' is not a path: " + e.getReason());
        }
        Path normalRoot = root.toAbsolutePath().normalize();
        Path normal = given.normalize();
        if (!given.isAbsolute()) {
            throw invalid("url '" + url + "' is not an absolute path; models are loaded from " + normalRoot
                    + "/<name>/model");
        }
        if (!normal.startsWith(normalRoot) || normal.equals(normalRoot)) {
            throw invalid("url '" + url + "' is outside the models root " + normalRoot);
        }
        try {
            Path realRoot = normalRoot.toRealPath();
            Path real = normal.toRealPath();
            if (!real.startsWith(realRoot) || real.equals(realRoot)) {
                throw invalid("url '" + url + "' leads to " + real + " (through a symbolic link), outside the models "
                        + "root " + normalRoot);
            }
            if (!Files.isDirectory(real)) {
                throw invalid("url '" + url + "' is a file, not a model directory");
            }
            if (!hasVisibleEntry(real)) {
                throw invalid("the model directory '" + url + "' is empty");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw invalid("no model directory at '" + url + "' (" + e.getFile() + " does not exist)");
        } catch (IOException e) {
            throw invalid("cannot read the model directory '" + url + "': " + e);
        }
    }

    /** The bytes of the regular files under {@code dir} (links to files count their target's size). */
    static long fileBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(ModelDirectory::size).sum();
        } catch (IOException | UncheckedIOException e) {
            throw invalid("cannot read the model directory " + dir + ": " + e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasVisibleEntry(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        }
    }

    private static SkiffException invalid(String message) {
        return SkiffException.of(ErrorCode.INVALID_MODEL_URL, message);
    }
}
