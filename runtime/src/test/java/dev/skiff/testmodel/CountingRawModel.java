package dev.skiff.testmodel;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.RawModel;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A raw model for tests: reads the body as a stream, 8 KiB at a time, and answers {@code bytes=N lines=L sum=S}
 * ({@code text/plain}; S the sum of the bytes, so a test can tell the order was kept). It waits for a permit of
 * {@link #gate} before the first read and records what {@code available()} said then, so a test can see how much of
 * a body the server buffered while the model was not reading. A body starting with {@code bad} is a 400, one starting
 * with {@code boom} an unexpected failure. Custom attributes are answered as {@code seen=<the request's>}.
 */
public final class CountingRawModel implements RawModel {
    /** One permit per predict call that began. */
    public final Semaphore entered = new Semaphore(0);
    /** One permit lets one call start reading. */
    public final Semaphore gate;
    /** What {@code body.available()} said just before the first read of the last call. */
    public volatile int availableAtFirstRead = -1;

    public CountingRawModel(boolean open) {
        this.gate = new Semaphore(open ? Integer.MAX_VALUE : 0);
    }

    @Override
    public List<String> contentTypes() {
        return List.of("text/plain", "application/octet-stream");
    }

    @Override
    public RawPrediction predict(RequestContext context, InputStream body) throws Exception {
        entered.release();
        if (!gate.tryAcquire(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        availableAtFirstRead = body.available();
        byte[] buffer = new byte[8192];
        long bytes = 0;
        long lines = 0;
        long sum = 0;
        byte[] start = new byte[4];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            for (int i = 0; i < n; i++) {
                if (bytes + i < 4) {
                    start[(int) bytes + i] = buffer[i];
                }
                lines += buffer[i] == '\n' ? 1 : 0;
                sum += buffer[i] & 0xff;
            }
            bytes += n;
        }
        String head = new String(start, StandardCharsets.US_ASCII);
        if (head.startsWith("bad")) {
            throw SkiffException.of(ErrorCode.INVALID_INPUT, "the body starts with 'bad'");
        }
        if (head.startsWith("boom")) {
            throw new IllegalStateException("secret internal detail");
        }
        String answer = "bytes=" + bytes + " lines=" + lines + " sum=" + sum + "\n";
        return RawPrediction.of("text/plain", answer.getBytes(StandardCharsets.US_ASCII))
                .withCustomAttributes(context.customAttributes().isEmpty() ? "" : "seen=" + context.customAttributes());
    }
}
