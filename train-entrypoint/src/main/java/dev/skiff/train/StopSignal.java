package dev.skiff.train;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the job has been asked to stop (SIGTERM). Set once, never reset; read from any thread. */
final class StopSignal {
    private final AtomicBoolean requested = new AtomicBoolean();

    /** @return true the first time */
    boolean request() {
        return requested.compareAndSet(false, true);
    }

    boolean requested() {
        return requested.get();
    }
}
