package dev.skiff.http;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Requests in progress across all connections, and whether the server is draining for shutdown. */
final class ServerState {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;
    private volatile boolean draining;

    void exchangeStarted() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    void exchangeEnded() {
        lock.lock();
        try {
            if (--active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    boolean draining() {
        return draining;
    }

    /** Marks the server draining and waits until no request is in progress, at most {@code timeoutNanos}. */
    boolean drain(long timeoutNanos) throws InterruptedException {
        draining = true;
        lock.lock();
        try {
            long left = timeoutNanos;
            while (active > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return active == 0;
        } finally {
            lock.unlock();
        }
    }
}
