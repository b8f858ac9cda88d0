package dev.skiff.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code /opt/ml/output/failure}: one readable line that SageMaker shows as the job's FailureReason. */
final class FailureFile {
    /** SageMaker keeps the first 1024 characters of a FailureReason. */
    static final int MAX_CHARS = 1024;

    private final Path file;

    FailureFile(Path file) {
        this.file = file;
    }

    /** A failure file left by an earlier run in the same tree would make this one look failed. */
    void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    void write(String reason) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, oneLine(reason) + "\n", StandardCharsets.UTF_8);
    }

    static String oneLine(String reason) {
        String line = (reason == null || reason.isBlank() ? "training failed; the log has the details" : reason)
                .replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 3) + "...";
    }
}
