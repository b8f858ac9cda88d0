package dev.skiff.bench;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rows as dense Float32 RecordIO-protobuf records, the wire format of the SageMaker SDK's
 * {@code write_numpy_to_dense_tensor} (one {@code features["values"]} per record, framed and padded): the load test's
 * RecordIO body, made from the same rows as its CSV body.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.skiff.bench.RecordIoPayload batch.csv batch.pbr</pre>
 */
public final class RecordIoPayload {
    private RecordIoPayload() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        float[][] rows = new float[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = lines.get(r).split(",");
            rows[r] = new float[cells.length];
            for (int c = 0; c < cells.length; c++) {
                rows[r][c] = Float.parseFloat(cells[c]);
            }
        }
        Files.write(Path.of(args[1]), dense(rows));
    }

    static byte[] dense(float[][] rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (float[] row : rows) {
            Float32Tensor.Builder t = Float32Tensor.newBuilder();
            for (float v : row) {
                t.addValues(v);
            }
            out.writeBytes(RecordIoFrames.frame(Record.newBuilder()
                    .putFeatures("values", Value.newBuilder().setFloat32Tensor(t).build()).build().toByteArray()));
        }
        return out.toByteArray();
    }
}
