package dev.skiff.testmodel;

import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RequestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tabular model for tests that control exactly when each prediction happens: every {@link #predict} call signals
 * {@link #entered} and then waits for a permit of {@link #gate} (at most a minute), then answers each row's sum. It
 * keeps the context of every batch it saw, and answers custom attributes made from the batch's context.
 */
public final class GatedModel implements Model {
    /** One permit per predict call that began. */
    public final Semaphore entered = new Semaphore(0);
    /** One permit lets one predict call go on. */
    public final Semaphore gate;
    /** The context of every batch predicted, in the order the calls began. */
    public final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
    private final Function<RequestContext, String> attributes;

    /** @param open whether calls go through without waiting for permits */
    public GatedModel(boolean open, Function<RequestContext, String> attributes) {
        this.gate = new Semaphore(open ? Integer.MAX_VALUE : 0);
        this.attributes = attributes;
    }

    @Override
    public InputSchema inputSchema() {
        return InputSchema.numeric(InputSchema.ANY);
    }

    @Override
    public Predictions predict(Batch batch) throws Exception {
        contexts.add(batch.context());
        entered.release();
        if (!gate.tryAcquire(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        float[] sums = new float[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            for (int c = 0; c < batch.width(); c++) {
                sums[i] += (float) batch.number(i, c);
            }
        }
        return Predictions.scores(sums, 1).withCustomAttributes(attributes.apply(batch.context()));
    }
}
