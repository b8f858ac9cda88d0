package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Model.close runs only after the last predict returned, and never while one runs; hooks around a model keep what
 * belongs to the request: its context and the model's custom attributes.
 */
class LoadedModelTest {
    private static final Batch ONE_ROW = Batch.dense(1, new float[] {1f}, 1);

    /** A model whose predict waits for a latch, and which records what happened in order. */
    private static final class GatedModel implements Model {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public InputSchema inputSchema() {
            return InputSchema.numeric(1);
        }

        @Override
        public Predictions predict(Batch batch) throws Exception {
            events.add("predict started");
            entered.countDown();
            release.await();
            events.add("predict returned");
            return Predictions.scores(new float[] {1f}, 1);
        }

        @Override
        public void close() {
            events.add("closed");
        }
    }

    @Test
    void closeWaitsForTheRunningPredictThenRefusesNewOnes() throws Exception {
        GatedModel model = new GatedModel();
        LoadedModel loaded = LoadedModel.of("gated", model);
        CompletableFuture<Predictions> running = CompletableFuture.supplyAsync(() -> predict(loaded));
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> close(loaded, Duration.ofSeconds(30)));
        assertThat(closing).isNotDone();
        model.release.countDown();
        assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
        assertThat(model.events).containsExactly("predict started", "predict returned", "closed");

        assertThatThrownBy(() -> loaded.predict(ONE_ROW)).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(loaded.closeWhenIdle(Duration.ZERO)).isTrue();
        assertThat(model.events).as("closed once").containsOnlyOnce("closed");
    }

    @Test
    void aPredictStillRunningAtTheDeadlineLeavesTheModelOpen() throws Exception {
        GatedModel model = new GatedModel();
        LoadedModel loaded = LoadedModel.of("gated", model);
        CompletableFuture<Predictions> running = CompletableFuture.supplyAsync(() -> predict(loaded));
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(loaded.closeWhenIdle(Duration.ofMillis(50))).isFalse();
        assertThat(model.events).doesNotContain("closed");
        model.release.countDown();
        running.get(10, TimeUnit.SECONDS);
        assertThat(model.events).doesNotContain("closed");
    }

    @Test
    void anIdleModelClosesAtOnce() throws Exception {
        GatedModel model = new GatedModel();
        LoadedModel loaded = LoadedModel.of("idle", model);
        assertThat(loaded.closeWhenIdle(Duration.ZERO)).isTrue();
        assertThat(model.events).containsExactly("closed");
    }

    private static Predictions predict(LoadedModel loaded) {
        try {
            return loaded.predict(ONE_ROW);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean close(LoadedModel loaded, Duration timeout) {
        try {
            return loaded.closeWhenIdle(timeout);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private final AtomicReference<RequestContext> seenByModel = new AtomicReference<>();
    private final Model model = new Model() {
        @Override
        public InputSchema inputSchema() {
            return InputSchema.numeric(1);
        }

        @Override
        public Predictions predict(Batch batch) {
            seenByModel.set(batch.context());
            return Predictions.scores(batch.dense().clone(), 1).withCustomAttributes("model=v3");
        }
    };
    private final RequestContext request = RequestContext.builder().inferenceId("r-1").customAttributes("k=v").build();

    @Test
    void aBatchRebuiltByAHookKeepsItsRequestAndTheModelsAttributesSurviveAHooksNewAnswer() throws Exception {
        ModelHooks hooks = new ModelHooks() {
            @Override
            public Batch preprocess(Batch batch) {
                return Batch.dense(batch.firstRow(), new float[] {batch.dense()[0] * 2}, 1);
            }

            @Override
            public Predictions postprocess(Batch batch, Predictions predictions) {
                return Predictions.of(List.of(batch.context().customAttributes() + ":" + predictions.get(0)));
            }
        };
        LoadedModel loaded = new LoadedModel("m", model, hooks, null);
        Predictions answer = loaded.predict(Batch.dense(1, new float[] {3}, 1).withContext(request));
        assertThat(seenByModel.get()).isSameAs(request);
        assertThat(answer.get(0)).isEqualTo("k=v:6.0");
        assertThat(answer.customAttributes()).isEqualTo("model=v3");
    }

    @Test
    void aHooksOwnAttributesWin() throws Exception {
        ModelHooks hooks = new ModelHooks() {
            @Override
            public Predictions postprocess(Batch batch, Predictions predictions) {
                return predictions.withCustomAttributes("hooked");
            }
        };
        LoadedModel loaded = new LoadedModel("m", model, hooks, null);
        assertThat(loaded.predict(Batch.dense(1, new float[] {3}, 1)).customAttributes()).isEqualTo("hooked");
        assertThat(seenByModel.get()).isSameAs(RequestContext.NONE);
    }
}
