package dev.skiff.samples.tribuo;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ModelContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The bundled datasets and small helpers shared by the tests. */
final class Samples {
    static final Path DATA = Path.of("data");
    static final Path WINE_TRAIN = DATA.resolve("wine-train.csv");
    static final Path WINE_VALIDATION = DATA.resolve("wine-validation.csv");
    static final Path WINE_JSONL = DATA.resolve("wine-train.jsonl");
    static final Path IRIS = DATA.resolve("iris.csv");

    private Samples() {
    }

    /** Trains with {@code hyperparameters} ("k=v" pairs) and returns the metadata; metrics land in {@code sink}. */
    static ModelMetadata train(Path modelDir, Path train, Path validation, Map<String, Double> sink,
            String... hyperparameters) throws IOException {
        Map<String, String> h = new HashMap<>();
        for (String kv : hyperparameters) {
            h.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return new TribuoTraining(TrainingSettings.parse(h), sink::put)
                .run(Table.read(train), validation == null ? null : Table.read(validation), modelDir);
    }

    /** Typed as the sample's model, whose {@code close()} throws nothing (no try-with-resources warning). */
    static TribuoModel<?> load(Path modelDir) throws IOException {
        return (TribuoModel<?>) new TribuoProvider().load(new ModelContext(modelDir, Map.of(), 2));
    }

    /** The table's rows without the label column, as a general batch of Doubles in feature order. */
    static Batch featureBatch(Table table, String label) {
        int l = table.column(label);
        List<Object[]> rows = new ArrayList<>();
        for (Table.Row row : table.rows()) {
            List<Object> cells = new ArrayList<>();
            for (int c = 0; c < row.cells().length; c++) {
                if (c != l) {
                    cells.add(Double.valueOf(row.cells()[c]));
                }
            }
            rows.add(cells.toArray());
        }
        return Batch.rows(1, rows, table.columns().size() - 1);
    }

    static Batch oneRow(Object... cells) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(cells);
        return Batch.rows(1, rows, cells.length);
    }
}
