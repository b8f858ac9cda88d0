package dev.skiff.transform;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code skiff transform} was asked to do, as {@code CreateTransformJob} names it. A {@code null} strategy,
 * payload or concurrency is left to the container's {@code /execution-parameters}, as SageMaker does.
 *
 * @param maxPayloadMb    MB per request; 0 sends each file whole, as one chunked body
 * @param timeoutSeconds  per request (SageMaker's {@code InvocationsTimeoutInSeconds}, default 600)
 * @param waitSeconds     how long to wait for {@code /ping} to answer 200 before the first request
 */
record TransformOptions(
        URI endpoint,
        List<Path> inputs,
        Path output,
        String contentType,
        String accept,
        SplitType splitType,
        BatchStrategy batchStrategy,
        Integer maxPayloadMb,
        Integer maxConcurrent,
        boolean assembleWithLine,
        boolean joinInput,
        int timeoutSeconds,
        int waitSeconds,
        int progressSeconds) {

    static final String USAGE = """
            usage: skiff transform [options] --output DIR INPUT...
              INPUT                      files or folders (read recursively, sorted; names starting with '.' skipped)
              --output DIR               where <input>.out goes (the folder layout under each INPUT is kept)
              --endpoint URL             the serving container (default http://127.0.0.1:8080)
              --content-type TYPE        of the input (default text/csv)
              --accept TYPE              asked of the container (default: none, the container's default)
              --split-type Line|RecordIO|None           (default None: each file is one request)
              --batch-strategy MultiRecord|SingleRecord (default: /execution-parameters, else MultiRecord)
              --max-payload-mb N         per request; 0 = whole file, chunked (default: /execution-parameters, else 6)
              --max-concurrent N         requests at once (default: /execution-parameters, else 1)
              --assemble-with Line|None  (default None)
              --join-source Input|None   Input: each output record joined to its input record (CSV, JSON Lines)
              --timeout-seconds N        per request (default 600)
              --wait-seconds N           wait this long for /ping to answer 200 (default 60)
              --progress-seconds N       a progress line this often (default 10)
            """;

    /** SageMaker's {@code SplitType}. */
    enum SplitType {
        LINE("Line"), RECORDIO("RecordIO"), NONE("None");

        private final String label;

        SplitType(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** SageMaker's {@code BatchStrategy}; both the API's and the container's spellings are read. */
    enum BatchStrategy {
        MULTI_RECORD, SINGLE_RECORD;

        static BatchStrategy parse(String text) {
            return switch (text.replace("_", "").toLowerCase(Locale.ROOT)) {
                case "multirecord" -> MULTI_RECORD;
                case "singlerecord" -> SINGLE_RECORD;
                default -> throw new IllegalArgumentException(
                        "batch strategy '" + text + "': expected MultiRecord or SingleRecord");
            };
        }
    }

    static TransformOptions parse(String... args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                b.inputs.add(Path.of(arg));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            b.set(arg, args[++i]);
        }
        return b.build();
    }

    private static final class Builder {
        URI endpoint = URI.create("http://127.0.0.1:8080");
        final List<Path> inputs = new ArrayList<>();
        Path output;
        String contentType = "text/csv";
        String accept;
        SplitType splitType = SplitType.NONE;
        BatchStrategy batchStrategy;
        Integer maxPayloadMb;
        Integer maxConcurrent;
        boolean assembleWithLine;
        boolean joinInput;
        int timeoutSeconds = 600;
        int waitSeconds = 60;
        int progressSeconds = 10;

        void set(String option, String value) {
            switch (option) {
                case "--output" -> output = Path.of(value);
                case "--endpoint" ->
                    endpoint = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                case "--content-type" -> contentType = value;
                case "--accept" -> accept = value;
                case "--split-type" -> splitType = choice(option, value, SplitType.values());
                case "--batch-strategy" -> batchStrategy = BatchStrategy.parse(value);
                case "--max-payload-mb" -> maxPayloadMb = number(option, value, 0);
                case "--max-concurrent" -> maxConcurrent = number(option, value, 1);
                case "--assemble-with" -> assembleWithLine = choice(option, value, new String[] {"line", "none"}) == 0;
                case "--join-source" -> joinInput = choice(option, value, new String[] {"input", "none"}) == 0;
                case "--timeout-seconds" -> timeoutSeconds = number(option, value, 1);
                case "--wait-seconds" -> waitSeconds = number(option, value, 0);
                case "--progress-seconds" -> progressSeconds = number(option, value, 1);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }

        TransformOptions build() {
            if (inputs.isEmpty() || output == null) {
                throw new IllegalArgumentException("give --output DIR and at least one INPUT");
            }
            if (joinInput && splitType != SplitType.LINE) {
                throw new IllegalArgumentException("--join-source Input needs --split-type Line (one record per line)");
            }
            return new TransformOptions(endpoint, List.copyOf(inputs), output, contentType, accept, splitType,
                    batchStrategy, maxPayloadMb, maxConcurrent, assembleWithLine, joinInput, timeoutSeconds,
                    waitSeconds, progressSeconds);
        }

        private static int number(String option, String value, int min) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below says what was expected
            }
            throw new IllegalArgumentException(option + " '" + value + "': expected a whole number >= " + min);
        }

        private static <E extends Enum<E>> E choice(String option, String value, E[] values) {
            for (E e : values) {
                if (e.name().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(option + " '" + value + "': expected one of " + List.of(values));
        }

        private static int choice(String option, String value, String[] values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i].equalsIgnoreCase(value)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(option + " '" + value + "': expected one of " + List.of(values));
        }
    }
}
