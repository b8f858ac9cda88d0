package dev.skiff;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (at {@code paranoid} in tests) reported a leaked buffer. Registered
 * for every test class through JUnit's extension auto-detection; the detector's reports reach
 * {@link Appender} through logback-test.xml.
 */
public final class LeakCheck implements AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        // The detector reports a leak when it finds a collected, unreleased buffer while tracking a new one.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 100; j++) {
                ByteBuf probe = (j % 2 == 0 ? PooledByteBufAllocator.DEFAULT : UnpooledByteBufAllocator.DEFAULT)
                        .directBuffer(16);
                probe.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("Netty reported leaked buffers:\n" + report);
        }
    }

    /** Collects the leak detector's error reports. */
    public static final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("LEAK")) {
                LEAKS.add(event.getFormattedMessage());
            }
        }
    }
}
