package dev.skiff.transform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A batch-transform job as SageMaker runs one: wait for {@code /ping}, take {@code BatchStrategy},
 * {@code MaxPayloadInMB} and {@code MaxConcurrentTransforms} from the options or else from the container's
 * {@code /execution-parameters} (either spelling of the strategy), then transform each input file in order.
 */
final class TransformJob {
    private final TransformOptions options;
    private final PrintStream log;

    TransformJob(TransformOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Runs the job; returns the number of records transformed. Fails with the first failed request. */
    long run() throws IOException, InterruptedException {
        List<Input> inputs = inputs();
        Endpoint endpoint = new Endpoint(options.endpoint(), options.contentType(), options.accept(),
                Duration.ofSeconds(options.timeoutSeconds()));
        endpoint.awaitReady(Duration.ofSeconds(options.waitSeconds()));
        FileTransform.Plan plan = plan(endpoint.executionParameters());
        log.printf("transform: %d file(s) to %s; %s, split %s, %s, max payload %s, %d at once%s%n", inputs.size(),
                options.output(), options.contentType(), options.splitType(),
                plan.single() ? "SingleRecord" : "MultiRecord",
                plan.limitBytes() == 0 ? "0 (whole file, chunked)" : plan.limitBytes() / (1024 * 1024) + " MB",
                plan.concurrency(), plan.join() != null ? ", joined with the input" : "");
        Progress progress = new Progress(log, options.progressSeconds());
        FileTransform files = new FileTransform(endpoint, plan, progress);
        for (Input in : inputs) {
            files.run(in.file(), in.name(), options.output().resolve(in.name() + ".out"));
        }
        log.println("transform: done: " + progress.summary());
        return progress.records();
    }

    FileTransform.Plan plan(Map<String, String> container) {
        TransformOptions.BatchStrategy strategy = options.batchStrategy() != null ? options.batchStrategy()
                : TransformOptions.BatchStrategy.parse(container.getOrDefault("BatchStrategy", "MultiRecord"));
        int payloadMb = options.maxPayloadMb() != null ? options.maxPayloadMb()
                : integer(container, "MaxPayloadInMB", 6);
        int concurrency = options.maxConcurrent() != null ? options.maxConcurrent()
                : Math.max(1, integer(container, "MaxConcurrentTransforms", 1));
        Join join = options.joinInput() ? Join.forContentType(options.contentType()) : null;
        return new FileTransform.Plan(options.splitType(), strategy == TransformOptions.BatchStrategy.SINGLE_RECORD,
                payloadMb * 1024L * 1024L, concurrency, options.assembleWithLine(), join);
    }

    private static int integer(Map<String, String> container, String name, int otherwise) {
        String value = container.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/execution-parameters: " + name + " '" + value + "' is not a number");
        }
    }

    /** A file to transform and its name relative to the INPUT it was found under (the output keeps that layout). */
    record Input(Path file, String name) { }

    List<Input> inputs() throws IOException {
        List<Input> out = new ArrayList<>();
        for (Path given : options.inputs()) {
            if (Files.isRegularFile(given)) {
                out.add(new Input(given, given.getFileName().toString()));
            } else if (Files.isDirectory(given)) {
                try (Stream<Path> walk = Files.walk(given)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !hidden(given.relativize(p)))
                            .sorted()
                            .forEach(p -> out.add(new Input(p, given.relativize(p).toString())));
                }
            } else {
                throw new IllegalArgumentException("input " + given + " is not a file or a folder");
            }
        }
        return out;
    }

    /** True when any part of the relative path starts with '.' ({@code .DS_Store}, {@code .git/...}). */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
