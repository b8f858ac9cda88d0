package dev.skiff.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.model.LoadedModel;
import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown: the model is closed after its last prediction returned, within the timeout, or left open. */
class InferenceServiceTest {
    private static final Batch ONE_ROW = Batch.dense(1, new float[] {1f}, 1);

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
            entered.countDown();
            release.await();
            events.add("predict returned");
            return Predictions.scores(new float[] {2f}, 1);
        }

        @Override
        public void close() {
            events.add("closed");
        }
    }

    private static InferenceService serving(Model model) {
        InferenceService service = new InferenceService(1, 4, Duration.ofSeconds(60));
        service.load(() -> LoadedModel.of("gated", model));
        assertThat(service.status().ready()).isTrue();
        return service;
    }

    @Test
    void shutdownClosesTheModelAfterTheRunningPredictionReturns() throws Exception {
        GatedModel model = new GatedModel();
        InferenceService service = serving(model);
        CompletableFuture<Predictions> answer = service.submit("test-request", ONE_ROW, p -> p);
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> shutdown(service, 30));
        model.release.countDown();
        assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answer.get(10, TimeUnit.SECONDS).scores()).containsExactly(2f);
        assertThat(model.events).containsExactly("predict returned", "closed");
        assertThat(service.status().state()).isEqualTo(InferenceService.State.STOPPED);
    }

    @Test
    void aPredictionPastTheTimeoutLeavesTheModelOpen() throws Exception {
        GatedModel model = new GatedModel();
        InferenceService service = serving(model);
        service.submit("test-request", ONE_ROW, p -> p);
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(service.shutdown(Duration.ofMillis(100))).isFalse();
        assertThat(model.events).isEmpty();
        model.release.countDown();
    }

    private static boolean shutdown(InferenceService service, int seconds) {
        try {
            return service.shutdown(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
