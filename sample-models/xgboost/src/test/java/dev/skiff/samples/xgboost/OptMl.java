package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.train.TrainMain;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A SageMaker /opt/ml tree for {@code skiff train}: config files, channel data, and what the job left behind. */
final class OptMl {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    private final ObjectNode channels = JSON.createObjectNode();
    private final List<Pipe> pipes = new ArrayList<>();

    OptMl(Path root) {
        this.root = root;
    }

    OptMl hyperparameters(Map<String, String> values) throws IOException {
        write("input/config/hyperparameters.json", JSON.writeValueAsString(values));
        return this;
    }

    /** Declares a File-mode channel with this ContentType (null: none) and copies {@code files} into it. */
    OptMl channel(String name, String contentType, Path... files) throws IOException {
        ObjectNode spec = channels.putObject(name).put("TrainingInputMode", "File")
                .put("S3DistributionType", "FullyReplicated").put("RecordWrapperType", "None");
        if (contentType != null) {
            spec.put("ContentType", contentType);
        }
        write("input/config/inputdataconfig.json", JSON.writeValueAsString(channels));
        Path dir = Files.createDirectories(root.resolve("input/data").resolve(name));
        for (Path file : files) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        return this;
    }

    /**
     * Declares a Pipe-mode channel (with {@code RecordWrapperType: RecordIO} when {@code wrapped}) and makes its
     * epoch-0 FIFO, which a thread writes {@code content} to once the job opens it: what SageMaker does.
     */
    OptMl pipe(String name, String contentType, boolean wrapped, byte[] content) throws IOException {
        ObjectNode spec = channels.putObject(name).put("TrainingInputMode", "Pipe")
                .put("S3DistributionType", "FullyReplicated").put("RecordWrapperType", wrapped ? "RecordIO" : "None");
        if (contentType != null) {
            spec.put("ContentType", contentType);
        }
        write("input/config/inputdataconfig.json", JSON.writeValueAsString(channels));
        Path fifo = Files.createDirectories(root.resolve("input/data")).resolve(name + "_0");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        try {
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IllegalStateException("mkfifo failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        AtomicBoolean opened = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (var out = Files.newOutputStream(fifo)) { // blocks until the job opens the FIFO
                opened.set(true);
                out.write(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        pipes.add(new Pipe(fifo, opened, writer));
        return this;
    }

    private record Pipe(Path fifo, AtomicBoolean opened, CompletableFuture<Void> writer) {
        /** Waits for the writer; when the job never opened the FIFO, opens it here so the writer can end. */
        void release() {
            try {
                if (!opened.get()) {
                    try (InputStream in = new FileInputStream(fifo.toFile())) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                writer.handle((done, failed) -> null).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the writer of " + fifo + " did not end", e);
            }
        }
    }

    OptMl write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    /** Runs {@code skiff train} on this tree in this JVM; returns its exit code. */
    int train() {
        try {
            return TrainMain.run(Map.of("SKIFF_ML_ROOT", root.toString(),
                    "SKIFF_PLUGINS_DIR", root.resolve("no-plugins").toString()));
        } finally {
            pipes.forEach(Pipe::release);
            pipes.clear();
        }
    }

    /** The one line of output/failure, or null. */
    String failure() {
        Path file = root.resolve("output/failure");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path model(String name) {
        return root.resolve("model").resolve(name);
    }
}
