package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ModelContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Python-made fixtures under {@code src/test/resources/fixtures} (see {@code fixtures/make_fixtures.py}). */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    /** Copies fixture {@code resource} to {@code dir/name} and returns {@code dir}. */
    static Path put(Path dir, String resource, String name) throws IOException {
        Files.write(dir.resolve(name), bytes(resource));
        return dir;
    }

    /** rows.csv of a fixture model as one dense batch (empty cell = NaN). */
    static Batch rows(String model) {
        return batch(text(model + "/rows.csv"));
    }

    /** CSV rows of features as one dense batch (empty cell = NaN). */
    static Batch batch(String csv) {
        List<String> lines = csv.lines().toList();
        int width = lines.get(0).split(",", -1).length;
        float[] values = new float[lines.size() * width];
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int c = 0; c < width; c++) {
                values[r * width + c] = cells[c].isEmpty() ? Float.NaN : Float.parseFloat(cells[c]);
            }
        }
        return Batch.dense(1, values, width);
    }

    /** expected.csv of a fixture model: Python's predictions, one row of scores per input row. */
    static float[][] expected(String model) {
        return expected(model, "expected.csv");
    }

    /** Another file of Python's predictions beside the model, e.g. {@code expected-ntree-5.csv}. */
    static float[][] expected(String model, String file) {
        return table(text(model + "/" + file));
    }

    /** CSV rows of numbers, one float array a line. */
    static float[][] table(String csv) {
        return csv.lines().map(line -> {
            String[] cells = line.split(",");
            float[] row = new float[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Float.parseFloat(cells[i]);
            }
            return row;
        }).toArray(float[][]::new);
    }

    static ModelContext context(Path dir) {
        return context(dir, Map.of());
    }

    static ModelContext context(Path dir, Map<String, String> env) {
        return new ModelContext(dir, env, 2);
    }
}
