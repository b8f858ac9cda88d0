package dev.skiff.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.LoadedModel;
import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-request micro-batching through {@link InferenceService}, on one model thread so that what is waiting is
 * known: the first call is held at a latch while the other requests queue up behind it. No sleeps.
 */
class MicroBatcherTest {
    private InferenceService service;
    private RowsModel model;

    /**
     * Predicts each row's first value times 10, records the rows of every call, holds call {@code n} at
     * {@code gates.get(n)} (1-based), and refuses a negative value naming its row as the batch numbers it.
     */
    private static final class RowsModel implements Model {
        final boolean merges;
        final List<Integer> calls = new CopyOnWriteArrayList<>();
        final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
        final CountDownLatch firstEntered = new CountDownLatch(1);

        RowsModel(boolean merges) {
            this.merges = merges;
        }

        @Override
        public InputSchema inputSchema() {
            return InputSchema.numeric(InputSchema.ANY);
        }

        @Override
        public boolean acceptsMergedBatches() {
            return merges;
        }

        @Override
        public Predictions predict(Batch batch) throws Exception {
            calls.add(batch.size());
            contexts.add(batch.context());
            firstEntered.countDown();
            CountDownLatch gate = gates.get(calls.size());
            if (gate != null) {
                assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
            }
            float[] scores = new float[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                double v = batch.number(i, 0);
                if (v < 0) {
                    throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), "1", "negative");
                }
                scores[i] = (float) v * 10;
            }
            events.add("predict returned");
            return Predictions.scores(scores, 1);
        }

        @Override
        public void close() {
            events.add("closed");
        }
    }

    @AfterEach
    void stop() {
        model.gates.values().forEach(CountDownLatch::countDown);
        if (service != null) {
            service.close();
        }
    }

    private void serve(RowsModel m, int queue, Duration timeout, int maxRows, ModelHooks hooks) {
        model = m;
        service = new InferenceService(1, queue, timeout, maxRows);
        service.load(() -> LoadedModel.of("rows", m, hooks));
        assertThat(service.status().ready()).isTrue();
    }

    private void serve(RowsModel m, int maxRows) {
        serve(m, 64, Duration.ofSeconds(60), maxRows, new ModelHooks() { });
    }

    /** A request of one-feature rows with these values. */
    private static Batch rows(float... values) {
        return Batch.dense(1, values, 1);
    }

    /** Submits {@code batch} as request {@code r<first value>}, with that inference id in its context. */
    private CompletableFuture<Predictions> submit(Batch batch) {
        String id = "r" + batch.number(0, 0);
        return service.submit(id, batch.withContext(RequestContext.builder().inferenceId(id).build()), p -> p);
    }

    /** Submits a request that holds the model thread in call 1 until the returned latch is released. */
    private CountDownLatch holdTheModelThread() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        model.gates.put(1, gate);
        submit(rows(0));
        assertThat(model.firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
        return gate;
    }

    private static float[] scores(CompletableFuture<Predictions> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS).scores();
    }

    private static SkiffException failure(CompletableFuture<?> answer) throws Exception {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SkiffException s) {
                return s;
            }
            throw e;
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void anIdleServerPredictsARequestAloneAtOnce() throws Exception {
        serve(new RowsModel(true), 100);
        assertThat(scores(submit(rows(1.5f)))).containsExactly(15f);
        assertThat(scores(submit(rows(2, 3)))).containsExactly(20f, 30f);
        assertThat(model.calls).containsExactly(1, 2);
    }

    @Test
    void fullBatchesLeaveTheWaitingListOnceAnswered() throws Exception {
        // A batch of as many rows as a call takes is never taken by another turn; it used to stay listed, so a
        // long job at the default sizes (1,000-row batches, 1,000 rows a call) filled the heap with its rows.
        model = new RowsModel(true);
        try (ModelExecutor executor = new ModelExecutor("rows", 1, 64, Duration.ofSeconds(60))) {
            MicroBatcher batcher = new MicroBatcher(LoadedModel.of("rows", model, new ModelHooks() { }), executor, 2);
            List<CompletableFuture<Predictions>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(batcher.submit("r" + i, rows(i, i + 1), p -> p));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(scores(answers.get(i))).containsExactly(i * 10f, (i + 1) * 10f);
            }
            assertThat(model.calls).hasSize(50);
            assertThat(batcher.waiting()).isZero();
        }
    }

    @Test
    void aBatchThatTimedOutLeavesTheWaitingList() throws Exception {
        model = new RowsModel(true);
        try (ModelExecutor executor = new ModelExecutor("rows", 1, 64, Duration.ofMillis(200))) {
            MicroBatcher batcher = new MicroBatcher(LoadedModel.of("rows", model, new ModelHooks() { }), executor, 2);
            CountDownLatch gate = new CountDownLatch(1);
            model.gates.put(1, gate);
            CompletableFuture<Predictions> held = batcher.submit("r0", rows(0), p -> p);
            assertThat(model.firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Predictions> late = batcher.submit("r1", rows(1), p -> p);
            assertThat(failure(late).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);
            gate.countDown();
            assertThat(failure(held).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);
            assertThat(batcher.waiting()).isZero();
        }
    }

    @Test
    void waitingRequestsArePredictedInOneCallAndEachGetsItsOwnAnswersInOrder() throws Exception {
        serve(new RowsModel(true), 100);
        CountDownLatch gate = holdTheModelThread();
        List<CompletableFuture<Predictions>> answers = new ArrayList<>();
        answers.add(submit(rows(1)));
        answers.add(submit(rows(2, 3, 4)));
        answers.add(submit(rows(5)));
        answers.add(submit(rows(6, 7)));
        gate.countDown();

        assertThat(scores(answers.get(0))).containsExactly(10f);
        assertThat(scores(answers.get(1))).containsExactly(20f, 30f, 40f);
        assertThat(scores(answers.get(2))).containsExactly(50f);
        assertThat(scores(answers.get(3))).containsExactly(60f, 70f);
        assertThat(model.calls).containsExactly(1, 7);
    }

    @Test
    void noCallHoldsMoreThanTheCapAndABatchOverItGoesAlone() throws Exception {
        serve(new RowsModel(true), 3);
        CountDownLatch gate = holdTheModelThread();
        List<CompletableFuture<Predictions>> answers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            answers.add(submit(rows(i)));
        }
        CompletableFuture<Predictions> big = submit(rows(8, 9, 10, 11));
        gate.countDown();

        for (int i = 1; i <= 5; i++) {
            assertThat(scores(answers.get(i - 1))).containsExactly(i * 10f);
        }
        assertThat(scores(big)).containsExactly(80f, 90f, 100f, 110f);
        assertThat(model.calls).containsExactly(1, 3, 2, 4);
    }

    @Test
    void aBadRowFailsItsOwnRequestOnlyAndIsNamedByItsOwnRowNumber() throws Exception {
        serve(new RowsModel(true), 100);
        CountDownLatch gate = holdTheModelThread();
        CompletableFuture<Predictions> before = submit(rows(1, 2));
        CompletableFuture<Predictions> bad = submit(rows(3, -4));
        CompletableFuture<Predictions> after = submit(rows(5));
        gate.countDown();

        assertThat(scores(before)).containsExactly(10f, 20f);
        assertThat(scores(after)).containsExactly(50f);
        SkiffException e = failure(bad);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith("row 2"); // its own second row, not the merged call's fourth
        // the merged call (5 rows) failed; then each request's rows alone
        assertThat(model.calls).containsExactly(1, 5, 2, 2, 1);
    }

    @Test
    void hooksRunOncePerRequestOnItsOwnRows() throws Exception {
        List<Integer> validated = new CopyOnWriteArrayList<>();
        ModelHooks hooks = new ModelHooks() {
            @Override
            public void validate(Batch batch) {
                validated.add(batch.size());
                if (batch.number(0, 0) == 99) {
                    throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.firstRow(), null, "99 refused");
                }
            }

            @Override
            public Predictions postprocess(Batch batch, Predictions predictions) {
                List<Object> labels = new ArrayList<>();
                for (int i = 0; i < predictions.size(); i++) {
                    labels.add(batch.context().inferenceId() + ", " + batch.size() + " rows: " + predictions.get(i));
                }
                return Predictions.of(labels);
            }
        };
        serve(new RowsModel(true), 64, Duration.ofSeconds(60), 100, hooks);
        CountDownLatch gate = holdTheModelThread();
        CompletableFuture<Predictions> a = submit(rows(1, 2));
        CompletableFuture<Predictions> refused = submit(rows(99));
        CompletableFuture<Predictions> b = submit(rows(3));
        gate.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS).get(1)).isEqualTo("r1.0, 2 rows: 20.0");
        assertThat(b.get(10, TimeUnit.SECONDS).get(0)).isEqualTo("r3.0, 1 rows: 30.0");
        assertThat(failure(refused).getMessage()).contains("99 refused");
        assertThat(validated).containsExactly(1, 2, 1, 1);
        assertThat(model.calls).containsExactly(1, 3);
        // a request alone keeps its context; the merged call's rows are of no one request
        assertThat(model.contexts.get(0).inferenceId()).isEqualTo("r0.0");
        assertThat(model.contexts.get(1)).isSameAs(RequestContext.NONE);
    }

    @Test
    void aModelThatDoesNotAcceptMergedBatchesGetsOneRequestACall() throws Exception {
        serve(new RowsModel(false), 100);
        CountDownLatch gate = holdTheModelThread();
        CompletableFuture<Predictions> a = submit(rows(1));
        CompletableFuture<Predictions> b = submit(rows(2));
        gate.countDown();
        assertThat(scores(a)).containsExactly(10f);
        assertThat(scores(b)).containsExactly(20f);
        assertThat(model.calls).containsExactly(1, 1, 1);
    }

    @Test
    void rowsOfAnotherWidthAreNotMerged() throws Exception {
        serve(new RowsModel(true), 100);
        CountDownLatch gate = holdTheModelThread();
        CompletableFuture<Predictions> narrow = submit(rows(1));
        CompletableFuture<Predictions> wide = submit(Batch.dense(1, new float[] {2, 0}, 2));
        CompletableFuture<Predictions> narrowToo = submit(rows(3));
        gate.countDown();
        assertThat(scores(narrow)).containsExactly(10f);
        assertThat(scores(wide)).containsExactly(20f);
        assertThat(scores(narrowToo)).containsExactly(30f);
        assertThat(model.calls).containsExactly(1, 2, 1);
    }

    @Test
    void aFullQueueAndTheTimeoutAnswerAsWithoutMicroBatching() throws Exception {
        serve(new RowsModel(true), 2, Duration.ofMillis(300), 100, new ModelHooks() { });
        CountDownLatch gate = holdTheModelThread();
        CompletableFuture<Predictions> queued = submit(rows(1));
        CompletableFuture<Predictions> queuedToo = submit(rows(2));
        CompletableFuture<Predictions> rejected = submit(rows(3));
        assertThat(rejected).isCompletedExceptionally();
        assertThat(failure(rejected).code()).isEqualTo(ErrorCode.QUEUE_FULL);

        assertThat(failure(queued).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);
        assertThat(failure(queuedToo).code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT);
        gate.countDown();
        assertThat(service.shutdown(Duration.ofSeconds(10))).isTrue(); // runs what is queued, then closes
        assertThat(model.calls).containsExactly(1); // the timed-out batches never reached the model
    }

    @Test
    void theModelIsClosedOnlyAfterTheMergedCallReturned() throws Exception {
        serve(new RowsModel(true), 100);
        CountDownLatch first = holdTheModelThread();
        CountDownLatch merged = new CountDownLatch(1);
        model.gates.put(2, merged);
        CompletableFuture<Predictions> a = submit(rows(1));
        CompletableFuture<Predictions> b = submit(rows(2));
        first.countDown();
        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
            try {
                return service.shutdown(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        merged.countDown();
        assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(scores(a)).containsExactly(10f);
        assertThat(scores(b)).containsExactly(20f);
        assertThat(model.calls).containsExactly(1, 2);
        assertThat(model.events).containsExactly("predict returned", "predict returned", "closed");
    }
}
