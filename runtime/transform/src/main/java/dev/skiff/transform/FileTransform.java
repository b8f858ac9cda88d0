package dev.skiff.transform;

import dev.skiff.transform.MiniBatches.MiniBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One input file to its {@code .out} file. Mini-batches go out up to {@code concurrency} at a time and their answers
 * are written in input order, so memory is bounded by that many requests and answers. With a payload limit of 0 the
 * file goes whole, as one chunked body, and the answer is streamed to the output. Any failed request fails the file:
 * its partial output is removed and the error names the file and the records; nothing is retried.
 */
final class FileTransform {
    /** How files are cut and sent, resolved from the options and {@code /execution-parameters}. */
    record Plan(TransformOptions.SplitType split, boolean single, long limitBytes, int concurrency,
            boolean assembleWithLine, Join join) {
        /** Payload 0: the whole file as one chunked request (SingleRecord still sends records one by one). */
        boolean wholeFileStreamed() {
            return limitBytes == 0 && (!single || split == TransformOptions.SplitType.NONE);
        }
    }

    private record Pending(MiniBatch batch, CompletableFuture<Endpoint.Answer> answer) { }

    private static final long NO_LIMIT = Integer.MAX_VALUE - 16;

    private final Endpoint endpoint;
    private final Plan plan;
    private final Progress progress;

    FileTransform(Endpoint endpoint, Plan plan, Progress progress) {
        this.endpoint = endpoint;
        this.plan = plan;
        this.progress = progress;
    }

    /** Transforms {@code input} (called {@code name} in messages) into {@code output}. */
    void run(Path input, String name, Path output) throws IOException, InterruptedException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        boolean done = false;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            if (plan.wholeFileStreamed()) {
                streamWhole(input, name, out);
            } else {
                inMiniBatches(input, name, out);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(output);
            }
        }
    }

    private void inMiniBatches(Path input, String name, OutputStream out) throws IOException, InterruptedException {
        long limit = plan.limitBytes() == 0 ? NO_LIMIT : plan.limitBytes();
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        try (RecordReader reader = reader(input, limit)) {
            MiniBatches batches = new MiniBatches(reader, plan.single(), limit);
            for (MiniBatch b = next(batches, name); b != null; b = next(batches, name)) {
                if (inFlight.size() >= plan.concurrency()) {
                    finish(inFlight.removeFirst(), name, out);
                }
                inFlight.addLast(new Pending(b, endpoint.invoke(b.body())));
            }
            while (!inFlight.isEmpty()) {
                finish(inFlight.removeFirst(), name, out);
            }
        } finally {
            inFlight.forEach(p -> p.answer().cancel(true));
        }
    }

    private static MiniBatch next(MiniBatches batches, String name) throws IOException {
        try {
            return batches.next();
        } catch (TransformException e) {
            throw new TransformException(name + ": " + e.getMessage());
        }
    }

    private void finish(Pending p, String name, OutputStream out) throws IOException, InterruptedException {
        String where = name + " " + p.batch().describe();
        Endpoint.Answer r;
        try {
            r = p.answer().get();
        } catch (ExecutionException e) {
            throw new TransformException(where + ": no answer from " + endpoint.base() + ": " + e.getCause(), e);
        }
        if (r.status() / 100 != 2) {
            throw new TransformException(where + ": HTTP " + r.status() + " " + clip(r.body()));
        }
        try {
            assemble(p.batch().body(), r.body(), out);
        } catch (TransformException e) {
            throw new TransformException(where + ": " + e.getMessage());
        }
        progress.answered(p.batch().records(), p.batch().body().length, where);
    }

    private void assemble(byte[] body, byte[] answer, OutputStream out) throws IOException {
        if (plan.join() != null) {
            plan.join().write(body, answer, out);
            return;
        }
        out.write(answer);
        // AssembleWith=Line: one line end after each answer, none added when it already ends a line.
        if (plan.assembleWithLine() && answer.length > 0 && answer[answer.length - 1] != '\n') {
            out.write('\n');
        }
    }

    private void streamWhole(Path input, String name, OutputStream out) throws IOException, InterruptedException {
        DuplexPost post;
        try {
            post = endpoint.invokeStreaming(open(input));
        } catch (IOException e) {
            throw new TransformException(name + " (the whole file): no answer from " + endpoint.base() + ": " + e, e);
        }
        long records;
        try (post; InputStream answer = new BufferedInputStream(post.body(), 1 << 16)) {
            if (post.status() / 100 != 2) {
                throw new TransformException(name + " (the whole file): HTTP " + post.status() + " "
                        + clip(answer.readNBytes(2000)));
            }
            records = plan.join() == null ? copy(answer, out) : joinStreams(input, name, answer, out);
            post.finishUpload();
        } catch (IOException e) {
            throw new TransformException(name + " (the whole file): the exchange broke off: " + e, e);
        }
        progress.answered(records, Files.size(input), name);
    }

    /** Copies the answer; returns the number of lines it held (what a whole-file answer's records are). */
    private long copy(InputStream answer, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long lines = 0;
        int last = '\n';
        boolean any = false;
        for (int n; (n = answer.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            for (int i = 0; i < n; i++) {
                lines += buf[i] == '\n' ? 1 : 0;
            }
            last = buf[n - 1];
            any = true;
        }
        if (any && last != '\n') {
            lines++;
            if (plan.assembleWithLine()) {
                out.write('\n');
            }
        }
        return lines;
    }

    private long joinStreams(Path input, String name, InputStream answer, OutputStream out) throws IOException {
        long records = 0;
        try (LineRecords in = new LineRecords(open(input), NO_LIMIT);
             LineRecords answers = new LineRecords(answer, NO_LIMIT)) {
            for (byte[] record = in.next(); record != null; record = in.next()) {
                byte[] result = answers.next();
                records++;
                if (result == null) {
                    throw new TransformException(name + ": the answer ended at record " + records + " ("
                            + in.position() + "); JoinSource=Input needs one answer line per record");
                }
                plan.join().record(record, result, out);
            }
            if (answers.next() != null) {
                throw new TransformException(name + ": the answer has more lines than the file's " + records
                        + " records; JoinSource=Input needs one answer line per record");
            }
        }
        return records;
    }

    private RecordReader reader(Path input, long limit) {
        return switch (plan.split()) {
            case LINE -> new LineRecords(open(input), limit);
            case RECORDIO -> new RecordIoRecords(open(input), limit);
            case NONE -> new WholeFile(input, limit);
        };
    }

    private static InputStream open(Path input) {
        try {
            return Files.newInputStream(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clip(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }
}
