package dev.skiff.testmodel;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelContext;
import dev.skiff.spi.ModelProvider;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.io.Reader;

/**
 * A small real model for tests: its artifact is a {@code sum-model} properties file ({@code features}, {@code weight})
 * and it predicts {@code weight * sum(row)} (missing values count as 0). Behaviours that tests need are switched by
 * the artifact, never by global state: {@code delayMs} per batch, {@code gate} (a file whose appearance lets the
 * load finish), {@code failLoad}, {@code hold} (a file: a batch whose first row starts with -300 waits, at most a
 * minute, until it exists; for tests that cannot share a latch with the model, such as container tests),
 * {@code waitingFile} (a file written when such a batch starts waiting), {@code merge} (accept merged batches),
 * {@code heapBytes} (an array of that many bytes the model holds), {@code nativeBytes} (direct memory it holds,
 * touched), {@code closedFile} (a file written when the model is closed). A row whose first value is -500 makes
 * predict throw an unexpected exception; -400 a validation error for that row.
 */
public final class SumModelProvider implements ModelProvider {
    public static final String FILE = "sum-model";

    @Override
    public String name() {
        return "sum";
    }

    @Override
    public boolean canLoad(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(FILE));
    }

    @Override
    public Model load(ModelContext context) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(context.modelDir().resolve(FILE))) {
            p.load(in);
        }
        String gate = p.getProperty("gate");
        if (gate != null) {
            awaitFile(Path.of(gate));
        }
        if (p.getProperty("failLoad") != null) {
            throw new IllegalStateException(p.getProperty("failLoad"));
        }
        int direct = Integer.parseInt(p.getProperty("nativeBytes", "0"));
        return new SumModel(Integer.parseInt(p.getProperty("features", "3")),
                Float.parseFloat(p.getProperty("weight", "1")), Long.parseLong(p.getProperty("delayMs", "0")),
                p.getProperty("hold"), p.getProperty("waitingFile"), Boolean.parseBoolean(p.getProperty("merge",
                "false")), new byte[Integer.parseInt(p.getProperty("heapBytes", "0"))],
                direct == 0 ? null : ByteBuffer.allocateDirect(direct), p.getProperty("closedFile"));
    }

    /** Waits (polling, at most a minute) until {@code file} exists. */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private record SumModel(int features, float weight, long delayMs, String hold, String waitingFile,
                            boolean merge, byte[] heap, ByteBuffer direct, String closedFile) implements Model {
        @Override
        public InputSchema inputSchema() {
            return InputSchema.numeric(features);
        }

        @Override
        public boolean acceptsMergedBatches() {
            return merge;
        }

        @Override
        public Predictions predict(Batch batch) throws Exception {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            if (hold != null && batch.number(0, 0) == -300) {
                if (waitingFile != null) {
                    Files.writeString(Path.of(waitingFile), "");
                }
                awaitFile(Path.of(hold));
            }
            float[] out = new float[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                float first = (float) batch.number(i, 0);
                if (first == -500f) {
                    throw new IllegalStateException("secret internal detail");
                }
                if (first == -400f) {
                    throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), "1", "-400 is refused");
                }
                float sum = 0;
                for (int c = 0; c < batch.width(); c++) {
                    double v = batch.number(i, c);
                    sum += Double.isNaN(v) ? 0 : (float) v;
                }
                out[i] = weight * sum;
            }
            return Predictions.scores(out, 1);
        }

        @Override
        public void close() throws Exception {
            if (closedFile != null) {
                Files.writeString(Path.of(closedFile), "closed");
            }
        }
    }
}
