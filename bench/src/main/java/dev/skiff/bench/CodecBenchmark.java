package dev.skiff.bench;

import dev.skiff.codec.Formats;
import dev.skiff.codec.RecordDecoder;
import dev.skiff.codec.ResponseEncoder;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding and encoding throughput of the codecs on a batch-transform-sized payload: 20,000 rows of 28 floats
 * (HIGGS-like: what XGBoost users send), as CSV, JSON and dense RecordIO-protobuf. Every benchmark declares
 * {@code @OperationsPerInvocation(ROWS)}, so the score is rows per second; MB/s is rows/s times the bytes per row
 * printed at setup.
 *
 * <p>Bodies arrive in 64 KiB heap chunks, as the server would hand them over (a Netty read is at most that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    static final int ROWS = 20_000;
    static final int FEATURES = 28;
    static final int BATCH_ROWS = 1_000;
    static final int MAX_ROW_BYTES = 1 << 20;
    static final int CHUNK = 64 * 1024;
    static final String RECORDIO = "application/x-recordio-protobuf";

    private final InputSchema schema = InputSchema.numeric(FEATURES);
    private byte[] csv;
    private byte[] json;
    private byte[] recordIo;
    private byte[] jsonLines;
    private Predictions scores;
    private ResponseEncoder csvEncoder;
    private ResponseEncoder jsonEncoder;
    private ResponseEncoder recordIoEncoder;

    @Setup
    public void setUp() {
        Random random = new Random(2024);
        StringBuilder c = new StringBuilder();
        StringBuilder j = new StringBuilder("{\"instances\":[");
        float[][] rows = new float[ROWS][FEATURES];
        StringBuilder l = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            j.append(r == 0 ? "[" : ",[");
            for (int f = 0; f < FEATURES; f++) {
                rows[r][f] = feature(random, f);
                String v = Float.toString(rows[r][f]);
                c.append(f == 0 ? "" : ",").append(v);
                j.append(f == 0 ? "" : ",").append(v);
                l.append(f == 0 ? "[" : ",").append(v);
            }
            l.append("]\n");
            c.append('\n');
            j.append(']');
        }
        recordIo = RecordIoPayload.dense(rows);
        j.append("]}");
        csv = c.toString().getBytes(StandardCharsets.US_ASCII);
        json = j.toString().getBytes(StandardCharsets.US_ASCII);
        jsonLines = l.toString().getBytes(StandardCharsets.US_ASCII);
        float[] s = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            s[i] = random.nextFloat();
        }
        scores = Predictions.scores(s, 1);
        csvEncoder = Formats.encoder("text/csv", "text/csv", null, false);
        jsonEncoder = Formats.encoder("application/json", "text/csv", null, false);
        recordIoEncoder = Formats.encoder(RECORDIO, "text/csv", null, false);
        System.out.printf("%nbytes per row: csv %.1f, json %.1f, recordio %.1f%n", csv.length / (double) ROWS,
                json.length / (double) ROWS, recordIo.length / (double) ROWS);
    }

    /** Magnitudes like HIGGS: momenta around 1 (positive), angles in [-pi, pi], a few near-zero. */
    private static float feature(Random random, int f) {
        return switch (f % 4) {
            case 0 -> (float) Math.abs(1 + random.nextGaussian() * 0.5);
            case 1 -> (float) ((random.nextDouble() * 2 - 1) * Math.PI);
            case 2 -> (float) (random.nextGaussian() * 1e-2);
            default -> (float) (random.nextGaussian() * 3);
        };
    }

    private void decode(String type, byte[] body, Blackhole bh) {
        RecordDecoder decoder = Formats.decoder(type, schema, BATCH_ROWS, MAX_ROW_BYTES, bh::consume);
        for (int off = 0; off < body.length; off += CHUNK) {
            decoder.decode(ByteBuffer.wrap(body, off, Math.min(CHUNK, body.length - off)));
        }
        decoder.finish();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeCsv(Blackhole bh) {
        decode("text/csv", csv, bh);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeJson(Blackhole bh) {
        decode("application/json", json, bh);
    }

    /** The same rows as dense Float32 records, as the SageMaker SDK's {@code write_numpy_to_dense_tensor} writes. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeRecordIo(Blackhole bh) {
        decode(RECORDIO, recordIo, bh);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeJsonLines(Blackhole bh) {
        decode("application/jsonlines", jsonLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public byte[] encodeCsv() {
        return csvEncoder.encode(scores, true);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public byte[] encodeJson() {
        return jsonEncoder.encode(scores, true);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public byte[] encodeRecordIo() {
        return recordIoEncoder.encode(scores, true);
    }
}
