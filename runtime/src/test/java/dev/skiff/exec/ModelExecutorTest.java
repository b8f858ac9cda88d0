package dev.skiff.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The model threads: a full queue, the timeout, the order of work, skipping, shutdown. Latches, no sleeps. */
class ModelExecutorTest {
    private ModelExecutor executor;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (executor != null) {
            executor.close();
        }
    }

    /** A task that tells when it started and then waits for {@link #release}. */
    private CompletableFuture<String> blocking(CountDownLatch started) {
        return executor.submit(() -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return "blocked";
        });
    }

    private static SkiffException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SkiffException s) {
                return s;
            }
            throw e;
        }
        throw new AssertionError("the task succeeded");
    }

    @Test
    void aFullQueueFailsAtOnceWithQueueFull() throws Exception {
        executor = new ModelExecutor("m", 1, 1, Duration.ofSeconds(60));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = blocking(started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = executor.submit(() -> "queued");

        CompletableFuture<String> rejected = executor.submit(() -> "never");
        assertThat(rejected).isCompletedExceptionally();
        assertThat(failure(rejected).code()).isEqualTo(ErrorCode.QUEUE_FULL);

        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("blocked");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
    }

    @Test
    void aTaskPastItsTimeoutFailsWithPredictionTimeoutAndWaitingTasksAreSkipped() throws Exception {
        executor = new ModelExecutor("m", 1, 4, Duration.ofMillis(100));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> slow = blocking(started);
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<String> waiting = executor.submit(() -> {
            ran.set(true);
            return "late";
        });
        assertThat(failure(slow).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);
        assertThat(failure(waiting).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);

        release.countDown();
        assertThat(executor.shutdown(Duration.ofSeconds(10))).as("every task had its turn").isTrue();
        assertThat(ran).as("a task whose answer timed out before its turn is skipped").isFalse();
    }

    @Test
    void oneThreadRunsTasksInTheOrderSubmitted() throws Exception {
        executor = new ModelExecutor("m", 1, 16, Duration.ofSeconds(60));
        CountDownLatch started = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<String> first = blocking(started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> rest = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            rest.add(executor.submit(() -> {
                order.add(n);
                return n;
            }));
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> f : rest) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void threadsAreNamedAfterTheModelAndWorkRunsOnThem() throws Exception {
        executor = new ModelExecutor("churn", 2, 4, Duration.ofSeconds(60));
        String thread = executor.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
        assertThat(thread).startsWith("model-churn-");
    }

    @Test
    void aFailingTaskFailsItsFutureWithItsOwnException() {
        executor = new ModelExecutor("m", 1, 4, Duration.ofSeconds(60));
        CompletableFuture<String> failed = executor.submit(() -> {
            throw new IllegalStateException("model bug");
        });
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("model bug");
    }

    @Test
    void shutdownLetsQueuedWorkFinishThenRefusesWorkAsShuttingDown() throws Exception {
        executor = new ModelExecutor("m", 1, 4, Duration.ofSeconds(60));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = blocking(started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = executor.submit(() -> "queued");
        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
            try {
                return executor.shutdown(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        release.countDown();
        assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("blocked");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
        assertThat(failure(executor.submit(() -> "after")).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
    }
}
