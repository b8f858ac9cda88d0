package dev.skiff.bench;

import dev.skiff.codec.Formats;
import dev.skiff.codec.RecordDecoder;
import dev.skiff.codec.ResponseEncoder;
import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.testmodel.SumModelProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code POST /invocations} does for a request, without HTTP: decode the CSV body (in 64 KiB chunks, as the
 * server receives it), predict every batch with the model the load test serves (the runtime's test model: 28
 * features, a weighted sum, so the figures are the runtime's own cost), encode the answers. One thread. The
 * {@code bench/http/run.sh} figures divided by these are the cost of HTTP, Netty and thread hops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServingWorkBenchmark {
    static final int FEATURES = 28;
    static final int BATCH_ROWS = 1_000;
    static final int CHUNK = 64 * 1024;
    static final int BATCH_BYTES = 6 * 1024 * 1024;

    private Model model;
    private ResponseEncoder encoder;
    private byte[] row;
    private byte[] batch;
    private long batchRows;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("skiff-bench");
        Files.writeString(dir.resolve(SumModelProvider.FILE), "features=" + FEATURES + "\nweight=1\n");
        model = new SumModelProvider().load(new ModelContext(dir, Map.of(), 1));
        encoder = Formats.encoder("text/csv", "text/csv", "", false);
        Random random = new Random(42); // same shape as bench/http/payloads.py: 28 values with 6 decimals
        row = line(random).getBytes(StandardCharsets.US_ASCII);
        StringBuilder body = new StringBuilder();
        while (body.length() < BATCH_BYTES - 300) {
            body.append(line(random));
            batchRows++;
        }
        batch = body.toString().getBytes(StandardCharsets.US_ASCII);
        System.out.printf("%nsingle row: %d bytes; batch: %d bytes, %d rows%n", row.length, batch.length, batchRows);
    }

    @TearDown
    public void tearDown() throws Exception {
        model.close();
    }

    private static String line(Random random) {
        StringBuilder s = new StringBuilder();
        for (int f = 0; f < FEATURES; f++) {
            s.append(f == 0 ? "" : ",").append(String.format("%.6f", random.nextDouble() * 6 - 3));
        }
        return s.append('\n').toString();
    }

    /** One request of one row: the common real-time case. Score: requests/s. */
    @Benchmark
    public long singleRowRequest() throws Exception {
        return invoke(row);
    }

    /** One 6 MB batch-transform request. Score: requests/s; rows/s = score x rows printed at setup. */
    @Benchmark
    public long batchRequest() throws Exception {
        return invoke(batch);
    }

    private long invoke(byte[] body) throws Exception {
        List<Batch> batches = new ArrayList<>();
        RecordDecoder decoder = Formats.decoder("text/csv", model.inputSchema(), BATCH_ROWS, 1 << 20, batches::add);
        long bytes = encoder.begin().length;
        for (int at = 0; at < body.length; at += CHUNK) {
            decoder.decode(ByteBuffer.wrap(body, at, Math.min(CHUNK, body.length - at)));
            bytes += predict(batches);
        }
        decoder.finish();
        bytes += predict(batches);
        return bytes + encoder.end().length;
    }

    private long predict(List<Batch> batches) throws Exception {
        long bytes = 0;
        for (Batch b : batches) {
            bytes += encoder.encode(model.predict(b), b.firstRow() == 1).length;
        }
        batches.clear();
        return bytes;
    }
}
