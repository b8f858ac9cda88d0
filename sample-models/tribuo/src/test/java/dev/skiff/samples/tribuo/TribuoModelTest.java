package dev.skiff.samples.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving one trained iris model: bad rows, bad model folders, and concurrent calls. */
class TribuoModelTest {
    @TempDir
    static Path irisDir;

    static TribuoModel<?> iris;

    @BeforeAll
    static void train() throws IOException {
        Samples.train(irisDir, Samples.IRIS, null, new HashMap<>(), "label=species", "epochs=20");
        iris = Samples.load(irisDir);
    }

    @AfterAll
    static void close() {
        iris.close();
    }

    @Test
    void aMissingValueIsA400NamingRowAndFeature() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {5.1, 3.5, 1.4, 0.2});
        rows.add(new Object[] {5.1, null, 1.4, 0.2});
        assertThatThrownBy(() -> iris.predict(Batch.rows(10, rows, 4)))
                .isInstanceOfSatisfying(SkiffException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.row()).isEqualTo(11);
                    assertThat(e.column()).isEqualTo("sepal_width");
                    assertThat(e.getMessage()).startsWith("row 11, column sepal_width: missing value");
                });
    }

    @Test
    void textWhereANumberBelongsIsNotANumberNamingTheFeature() {
        assertThatThrownBy(() -> iris.predict(Samples.oneRow(5.1, 3.5, "long", 0.2)))
                .isInstanceOfSatisfying(SkiffException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_NUMBER);
                    assertThat(e.column()).isEqualTo("petal_length");
                });
    }

    @Test
    void infinityIsRefused() {
        assertThatThrownBy(() -> iris.predict(Samples.oneRow(5.1, 3.5, 1.4, Double.POSITIVE_INFINITY)))
                .isInstanceOfSatisfying(SkiffException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void denseBatchesAreServedToo() throws Exception {
        Predictions p = iris.predict(Batch.dense(1, new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f}, 4));
        assertThat(p.size()).isEqualTo(2);
        assertThat(((Map<?, ?>) p.get(0)).get("label")).isEqualTo("setosa");
        assertThat(((Map<?, ?>) p.get(1)).get("label")).isEqualTo("virginica");
    }

    @Test
    void concurrentPredictionsEqualSequentialOnes() throws Exception {
        Table table = Table.read(Samples.IRIS);
        Batch batch = Samples.featureBatch(table, "species");
        Predictions expected = iris.predict(batch);
        List<Object> want = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            want.add(expected.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Object>>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                calls.add(() -> {
                    List<Object> got = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        Predictions p = iris.predict(batch);
                        got.clear();
                        for (int i = 0; i < p.size(); i++) {
                            got.add(p.get(i));
                        }
                    }
                    return got;
                });
            }
            for (Future<List<Object>> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(want);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void canLoadOnlyWithTheModelFile(@TempDir Path empty) throws IOException {
        assertThat(new TribuoProvider().canLoad(empty)).isFalse();
        Files.writeString(empty.resolve("xgboost-model"), "x");
        assertThat(new TribuoProvider().canLoad(empty)).isFalse();
        assertThat(new TribuoProvider().canLoad(irisDir)).isTrue();
        assertThat(new TribuoProvider().name()).isEqualTo("tribuo");
    }

    @Test
    void aFileThatIsNotATribuoProtobufIsRefusedWithAReason(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("tribuo-model"), new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3});
        assertThatThrownBy(() -> Samples.load(dir)).hasMessageContaining("not a Tribuo protobuf model")
                .hasMessageContaining("serializeToFile");
    }

    @Test
    void metadataFromAnotherTrainingIsRefused(@TempDir Path dir) throws IOException {
        Files.copy(irisDir.resolve("tribuo-model"), dir.resolve("tribuo-model"));
        Samples.train(dir.resolve("wine"), Samples.WINE_JSONL, null, new HashMap<>(), "label=quality");
        Files.copy(dir.resolve("wine").resolve(ModelMetadata.FILE), dir.resolve(ModelMetadata.FILE));
        assertThatThrownBy(() -> new TribuoProvider().load(new ModelContext(dir, Map.of(), 1)))
                .hasMessageContaining("different trainings");
    }

    @Test
    void metadataWhoseTaskDisagreesIsRefused(@TempDir Path dir) throws IOException {
        Files.copy(irisDir.resolve("tribuo-model"), dir.resolve("tribuo-model"));
        ModelMetadata meta = ModelMetadata.read(irisDir.resolve(ModelMetadata.FILE));
        new ModelMetadata(Task.REGRESSION, "cart", "species", meta.features(), List.of(), Map.of())
                .write(dir.resolve(ModelMetadata.FILE));
        assertThatThrownBy(() -> Samples.load(dir)).hasMessageContaining("says task regression");
    }
}
