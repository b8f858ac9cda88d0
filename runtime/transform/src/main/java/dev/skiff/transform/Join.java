package dev.skiff.transform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code JoinSource=Input}: each output record joined to the input record it came from, as SageMaker does. CSV: the
 * input row, a comma, the answer row. JSON Lines: the answer added to the input object as {@code SageMakerOutput};
 * an input that is not an object becomes {@code {"SageMakerInput": input, "SageMakerOutput": answer}}. The answer
 * must hold one line per input record (a CSV or JSON Lines answer; SAGEMAKER_BATCH answers are); anything else fails
 * the mini-batch rather than misalign rows.
 */
final class Join {
    private static final byte[] OUTPUT_KEY = "\"SageMakerOutput\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT_KEY = "{\"SageMakerInput\":".getBytes(StandardCharsets.US_ASCII);

    private final boolean csv;

    private Join(boolean csv) {
        this.csv = csv;
    }

    /** The join for an input content type; fails for types SageMaker does not join by line. */
    static Join forContentType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "text/csv" -> new Join(true);
            case "application/jsonlines", "application/json", "application/x-jsonlines", "application/jsonl" ->
                new Join(false);
            default -> throw new IllegalArgumentException("--join-source Input works for text/csv and "
                    + "application/jsonlines input, not " + contentType);
        };
    }

    /** Writes every input line of {@code body} joined to the matching line of {@code answer}. */
    void write(byte[] body, byte[] answer, OutputStream out) throws IOException {
        List<byte[]> inputs = lines(body);
        List<byte[]> outputs = lines(answer);
        if (inputs.size() != outputs.size()) {
            throw new TransformException("the answer has " + outputs.size() + " lines for " + inputs.size()
                    + " records; JoinSource=Input needs one answer line per record");
        }
        for (int i = 0; i < inputs.size(); i++) {
            record(inputs.get(i), outputs.get(i), out);
        }
    }

    /** Writes one joined record, with a final newline. */
    void record(byte[] input, byte[] output, OutputStream out) throws IOException {
        int end = trimEnd(input, input.length);
        if (csv) {
            out.write(input, 0, end);
            out.write(',');
            out.write(output, 0, trimEnd(output, output.length));
        } else {
            int start = 0;
            while (start < end && isSpace(input[start])) {
                start++;
            }
            while (end > start && isSpace(input[end - 1])) {
                end--;
            }
            if (end - start >= 2 && input[start] == '{' && input[end - 1] == '}') {
                int close = end - 1;
                out.write(input, start, close - start);
                if (!onlySpace(input, start + 1, close)) {
                    out.write(',');
                }
                out.write(OUTPUT_KEY);
                out.write(output, 0, trimEnd(output, output.length));
                out.write('}');
            } else {
                out.write(INPUT_KEY);
                out.write(input, start, end - start);
                out.write(',');
                out.write(OUTPUT_KEY);
                out.write(output, 0, trimEnd(output, output.length));
                out.write('}');
            }
        }
        out.write('\n');
    }

    /** The non-blank lines of {@code bytes}, without their line ends. */
    static List<byte[]> lines(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = trimEnd(bytes, i);
                if (end > start) {
                    out.add(java.util.Arrays.copyOfRange(bytes, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static int trimEnd(byte[] b, int end) {
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    private static boolean onlySpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSpace(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
