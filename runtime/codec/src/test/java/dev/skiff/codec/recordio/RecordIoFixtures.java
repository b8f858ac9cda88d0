package dev.skiff.codec.recordio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures under {@code src/test/resources/recordio}, written by the SageMaker SDK's own RecordIO writer
 * ({@code fixtures/make_recordio_fixtures.py}): {@code NAME.pbr}, the rows in it ({@code NAME.csv}, empty cell =
 * missing) and, for some, the labels ({@code NAME.labels}).
 */
public final class RecordIoFixtures {
    public static final List<String> ALL = List.of("dense-f32", "dense-f64", "dense-i32", "sparse-f32", "sparse-f64",
            "serializer");

    private RecordIoFixtures() {
    }

    public static byte[] body(String name) {
        return bytes(name + ".pbr");
    }

    /** The rows as floats (NaN = missing). */
    public static List<float[]> rows(String name) {
        List<float[]> rows = new ArrayList<>();
        for (String line : text(name + ".csv").split("\n")) {
            String[] cells = line.split(",", -1);
            float[] row = new float[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = cells[i].isEmpty() ? Float.NaN : Float.parseFloat(cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    public static List<Double> labels(String name) {
        return text(name + ".labels").lines().map(Double::parseDouble).toList();
    }

    private static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = RecordIoFixtures.class.getResourceAsStream("/recordio/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
