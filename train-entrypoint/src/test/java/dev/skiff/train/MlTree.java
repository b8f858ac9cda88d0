package dev.skiff.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/** A fake {@code /opt/ml} tree under a temporary folder. */
final class MlTree {
    final Path root;
    final MlLayout layout;

    MlTree(Path root) {
        this.root = root;
        this.layout = new MlLayout(root);
    }

    MlTree hyperparameters(Map<String, String> values) {
        return config("hyperparameters.json", values.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}")));
    }

    MlTree channel(String name, String contentType, String mode) {
        Path file = layout.inputDataConfig();
        String existing = Files.exists(file) ? read(file).trim() : "{}";
        String entry = quote(name) + ": {\"ContentType\": " + quote(contentType) + ", \"TrainingInputMode\": "
                + quote(mode) + ", \"S3DistributionType\": \"FullyReplicated\", \"RecordWrapperType\": \"None\"}";
        String body = existing.equals("{}") ? "{" + entry + "}"
                : existing.substring(0, existing.length() - 1) + ", " + entry + "}";
        return config("inputdataconfig.json", body);
    }

    MlTree config(String fileName, String json) {
        write(layout.configDir().resolve(fileName), json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    MlTree data(String channel, String relative, String content) {
        write(layout.dataDir().resolve(channel).resolve(relative), content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    MlTree bytes(String channel, String relative, byte[] content) {
        write(layout.dataDir().resolve(channel).resolve(relative), content);
        return this;
    }

    MlTree gzipData(String channel, String relative, String content) {
        write(layout.dataDir().resolve(channel).resolve(relative), gzip(content));
        return this;
    }

    TrainSettings settings(Optional<String> trainer) {
        return new TrainSettings(root, root.resolve("no-plugins"), trainer, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1024 * 1024);
    }

    Path model(String name) {
        return layout.modelDir().resolve(name);
    }

    String failure() {
        return Files.exists(layout.failureFile()) ? read(layout.failureFile()).trim() : null;
    }

    static byte[] gzip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Creates a real FIFO with mkfifo and writes it: opening blocks until the reader opens its end. */
    static void writeFifo(Path fifo, byte[] content) {
        try {
            Path temp = fifo.resolveSibling(".tmp-" + fifo.getFileName());
            Process mkfifo = new ProcessBuilder("mkfifo", temp.toString()).inheritIO().start();
            if (!mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IllegalStateException("mkfifo failed");
            }
            Files.move(temp, fifo); // appears whole, as SageMaker's does
            try (var out = Files.newOutputStream(fifo)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
