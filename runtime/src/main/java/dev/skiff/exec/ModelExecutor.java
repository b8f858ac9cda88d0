package dev.skiff.exec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run one model: a fixed pool ({@code model-<name>-<n>}) behind a bounded queue. A full queue
 * fails at once with {@link ErrorCode#QUEUE_FULL} (SageMaker retries a 503); a task not done within the timeout,
 * counted from submission, fails with {@link ErrorCode#PREDICTION_TIMEOUT}. A task whose future is already done
 * when its turn comes (timed out, or its request failed) is skipped.
 *
 * <p>A thread still running a task past its deadline is stuck (its request was answered 504, the model has not
 * returned); {@link #stuck} says when every thread is.
 *
 * <p>With an idle timeout (multi-model mode, where thousands of models may be loaded and few busy) the threads end
 * after that long without work and start again with the next task, so threads are held by busy models only. Every
 * model's deadlines share one timer thread.
 */
final class ModelExecutor implements AutoCloseable {
    /** Deadlines of every model's tasks; a task that ends in time cancels its deadline, which leaves the queue. */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final ThreadPoolExecutor pool;
    private final long timeoutNanos;
    private final int queueCapacity;
    private final int workers;
    /** The threads running a task, with the task's deadline ({@link System#nanoTime}). */
    private final ConcurrentHashMap<Thread, Long> running = new ConcurrentHashMap<>();

    ModelExecutor(String modelName, int workers, int queueCapacity, Duration timeout) {
        this(modelName, workers, queueCapacity, timeout, Duration.ZERO);
    }

    /** @param idle how long a thread may wait for work before it ends; zero: threads live as long as the model */
    ModelExecutor(String modelName, int workers, int queueCapacity, Duration timeout, Duration idle) {
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), DaemonThreads.named("model-" + modelName + "-"));
        if (!idle.isZero()) {
            pool.setKeepAliveTime(idle.toNanos(), TimeUnit.NANOSECONDS);
            pool.allowCoreThreadTimeOut(true);
        }
        this.timeoutNanos = timeout.toNanos();
        this.queueCapacity = queueCapacity;
        this.workers = workers;
    }

    /** Runs {@code work} on a model thread; the future completes on that thread (or the timer's, at its deadline). */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            pool.execute(() -> run(work, future, deadline));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(pool.isShutdown()
                    ? SkiffException.of(ErrorCode.SHUTTING_DOWN, "the server is shutting down")
                    : SkiffException.of(ErrorCode.QUEUE_FULL, "the model's queue is full (" + queueCapacity
                            + " batches waiting); retry later"));
            return future;
        }
        ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> future.completeExceptionally(SkiffException.of(
                ErrorCode.PREDICTION_TIMEOUT, "the prediction took longer than " + timeoutSeconds() + " s")),
                timeoutNanos, TimeUnit.NANOSECONDS);
        future.whenComplete((result, error) -> timeout.cancel(false));
        return future;
    }

    private static ScheduledThreadPoolExecutor timeouts() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("skiff-timeouts-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private <T> void run(Callable<T> work, CompletableFuture<T> future, long deadline) {
        if (future.isDone()) {
            return;
        }
        Thread self = Thread.currentThread();
        running.put(self, deadline);
        try {
            future.complete(work.call());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        } finally {
            running.remove(self);
        }
    }

    /**
     * Whether every model thread is running a task past its deadline at {@code now} ({@link System#nanoTime}):
     * nothing can be answered until one returns.
     */
    boolean stuck(long now) {
        if (running.size() < workers) {
            return false;
        }
        for (long deadline : running.values()) {
            if (now - deadline < 0) {
                return false;
            }
        }
        return true;
    }

    int workers() {
        return workers;
    }

    long timeoutSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
    }

    /** Stops taking work and waits up to {@code drain} for queued and running tasks to finish. */
    boolean shutdown(Duration drain) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(drain.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
