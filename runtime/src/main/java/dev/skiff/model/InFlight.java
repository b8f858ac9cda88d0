package dev.skiff.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls running on one loaded model, so that it is closed only after the last one returned: calls {@link #enter}
 * and {@link #exit}; closing {@link #retire}s it (no call enters after that) and waits for the running ones.
 * Thread-safe.
 */
final class InFlight {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;
    private boolean retired;

    /** A call starts; false (and nothing counted) once the model is retired. */
    boolean enter() {
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A call that entered has returned (normally or not). */
    void exit() {
        lock.lock();
        try {
            if (--running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets no further call enter and waits, at most {@code timeout}, for the running ones to return.
     *
     * @return whether none is running
     */
    boolean retire(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            retired = true;
            long left = unit.toNanos(timeout);
            while (running > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return running == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Calls running now. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }
}
