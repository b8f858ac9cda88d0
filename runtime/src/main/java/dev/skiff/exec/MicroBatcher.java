package dev.skiff.exec;

import dev.skiff.model.LoadedModel;
import dev.skiff.spi.Batch;
import dev.skiff.spi.Predictions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Cross-request micro-batching for one model that accepts it ({@code Model.acceptsMergedBatches}): the batches of
 * concurrent requests are predicted together in one {@code Model.predict} call, each request's hooks still run on
 * its own batch, and each request gets its own predictions back, in order.
 *
 * <p>Every batch still takes its own turn on the {@link ModelExecutor}, so a full queue (503), the timeout (504) and
 * shutdown behave as without micro-batching. A batch is also listed as <em>waiting</em>; a model thread whose turn
 * comes takes its own batch and, without waiting for more, the waiting batches of the same shape up to
 * {@code maxRows} rows in all. A batch taken that way is done by the time its own turn comes, which then does
 * nothing; a batch that was not taken is predicted by its own turn, so none is left behind.
 *
 * <p>When the merged call throws (or answers the wrong number of predictions), each request's rows are predicted
 * alone, so that an error names its own request's row and fails no other request.
 */
final class MicroBatcher {
    private final LoadedModel model;
    private final ModelExecutor executor;
    private final int maxRows;
    private final ConcurrentLinkedQueue<Item<?>> waiting = new ConcurrentLinkedQueue<>();

    MicroBatcher(LoadedModel model, ModelExecutor executor, int maxRows) {
        this.model = model;
        this.executor = executor;
        this.maxRows = maxRows;
    }

    /** As {@link InferenceService#submit}: predicts {@code batch}, maybe with others, then applies {@code then}. */
    <T> CompletableFuture<T> submit(String requestId, Batch batch, Function<Predictions, T> then) {
        Item<T> item = new Item<>(requestId, batch, then);
        // listed before its turn is queued and unlisted when answered, however that happens: a batch that no other
        // turn takes (a full one, or one that times out) must not stay listed, holding its rows
        waiting.add(item);
        item.answer.whenComplete((result, error) -> waiting.remove(item));
        CompletableFuture<Void> turn = executor.submit(() -> {
            drain(item);
            return null;
        });
        // the turn's failures (queue full, timeout, shutdown) are the answer's; an answer given (or cancelled)
        // elsewhere ends the turn, so the executor skips it and drops its timer
        turn.whenComplete((none, error) -> {
            if (error != null) {
                item.answer.completeExceptionally(error);
            }
        });
        item.answer.whenComplete((result, error) -> turn.complete(null));
        return item.answer;
    }

    /** A model thread's turn for {@code own}: takes it and the waiting batches that fit, and predicts them. */
    private void drain(Item<?> own) {
        if (!own.claim()) {
            return; // predicted with another request's batch, or its request has ended
        }
        List<Item<?>> group = new ArrayList<>();
        group.add(own);
        int rows = own.batch.size();
        Item<?> next;
        while (rows < maxRows && (next = waiting.poll()) != null) {
            // one that does not fit is left to its own turn
            if (rows + next.batch.size() <= maxRows && sameShape(own.batch, next.batch) && next.claim()) {
                group.add(next);
                rows += next.batch.size();
            }
        }
        try {
            model.whileOpen(() -> {
                predict(group);
                return null;
            });
        } catch (Throwable e) { // the model is being closed
            group.forEach(item -> item.fail(e));
        }
    }

    /** The batches listed as waiting: only those whose answers are still to come. */
    int waiting() {
        return waiting.size();
    }

    private static boolean sameShape(Batch a, Batch b) {
        return a.isDense() == b.isDense() && a.width() == b.width();
    }

    private void predict(List<Item<?>> group) {
        List<Item<?>> prepared = new ArrayList<>(group.size());
        for (Item<?> item : group) {
            if (item.prepare(model)) {
                prepared.add(item);
            }
        }
        if (prepared.size() == 1 || !Merging.canMerge(inputs(prepared))) {
            prepared.forEach(this::predictAlone);
            return;
        }
        Predictions merged;
        try (MDC.MDCCloseable ids = MDC.putCloseable(InferenceService.MDC_REQUEST_ID, requestIds(prepared))) {
            merged = model.predictPrepared(Merging.merge(inputs(prepared)));
        } catch (Throwable e) {
            merged = null; // each request's rows alone will say whose rows fail
        }
        if (merged == null || merged.size() != Merging.rows(inputs(prepared))) {
            prepared.forEach(this::predictAlone);
            return;
        }
        int from = 0;
        for (Item<?> item : prepared) {
            item.finish(model, Merging.slice(merged, from, item.input.size()));
            from += item.input.size();
        }
    }

    private void predictAlone(Item<?> item) {
        Predictions predicted;
        try (MDC.MDCCloseable id = MDC.putCloseable(InferenceService.MDC_REQUEST_ID, item.requestId)) {
            predicted = model.predictPrepared(item.input);
        } catch (Throwable e) {
            item.fail(e);
            return;
        }
        item.finish(model, predicted);
    }

    private static List<Batch> inputs(List<Item<?>> items) {
        List<Batch> inputs = new ArrayList<>(items.size());
        items.forEach(item -> inputs.add(item.input));
        return inputs;
    }

    private static String requestIds(List<Item<?>> items) {
        StringBuilder ids = new StringBuilder();
        for (Item<?> item : items) {
            ids.append(ids.length() == 0 ? "" : ",").append(item.requestId);
        }
        return ids.toString();
    }

    /** One request's batch on its way through: claimed by exactly one model thread. */
    private static final class Item<T> {
        final String requestId;
        final Batch batch;
        final Function<Predictions, T> then;
        final CompletableFuture<T> answer = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        Batch input; // the batch after the hooks' validate and preprocess

        Item(String requestId, Batch batch, Function<Predictions, T> then) {
            this.requestId = requestId;
            this.batch = batch;
            this.then = then;
        }

        /** True for the one caller that takes this batch to predict it, unless its answer is already given. */
        boolean claim() {
            return !answer.isDone() && claimed.compareAndSet(false, true);
        }

        /** Runs the hooks' validate and preprocess; false (and the answer failed) when they throw. */
        boolean prepare(LoadedModel model) {
            try (MDC.MDCCloseable id = MDC.putCloseable(InferenceService.MDC_REQUEST_ID, requestId)) {
                input = model.prepare(batch);
                return true;
            } catch (Throwable e) {
                fail(e);
                return false;
            }
        }

        /** Post-processes this request's predictions and answers with {@code then} applied to them. */
        void finish(LoadedModel model, Predictions predicted) {
            try (MDC.MDCCloseable id = MDC.putCloseable(InferenceService.MDC_REQUEST_ID, requestId)) {
                answer.complete(then.apply(model.finish(batch, input, predicted)));
            } catch (Throwable e) {
                fail(e);
            }
        }

        void fail(Throwable e) {
            answer.completeExceptionally(e);
        }
    }
}
