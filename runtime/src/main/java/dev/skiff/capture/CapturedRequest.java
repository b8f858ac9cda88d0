package dev.skiff.capture;

import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One request being captured. The exchange hands it each batch ({@link #batch}, on the event loop), lets it see each
 * batch's predictions ({@link #tap}, on the model thread that made them) and ends it once ({@link #finish}, on the
 * event loop). Only references are kept, and only for the batches holding the first {@code maxRows} rows; all the
 * copying and JSON writing happens later on the capture writer's thread.
 */
public final class CapturedRequest {
    private final Capture capture;
    private final String requestId;
    private final Instant time;
    private final String model;
    private final String contentType;
    private final String accept;
    private final InputSchema schema;
    private final int maxRows;
    private final List<Batch> inputs = new ArrayList<>();
    private final AtomicReferenceArray<Predictions> predictions;
    private long keptRows;
    private boolean finished;

    CapturedRequest(Capture capture, String requestId, String model, String contentType, String accept,
            InputSchema schema, int maxRows, int batchRows) {
        this.capture = capture;
        this.requestId = requestId;
        this.time = Instant.now();
        this.model = model;
        this.contentType = contentType;
        this.accept = accept;
        this.schema = schema;
        this.maxRows = maxRows;
        this.predictions = new AtomicReferenceArray<>(maxRows == 0 ? 0 : (maxRows - 1) / batchRows + 1);
    }

    /**
     * The next batch of the request, in input order. Returns the function to predict it with: {@code encode} itself
     * when the batch is past the captured rows, else {@code encode} that first keeps the predictions.
     */
    public <T> Function<Predictions, T> batch(Batch batch, Function<Predictions, T> encode) {
        if (keptRows >= maxRows || inputs.size() == predictions.length()) {
            return encode;
        }
        int index = inputs.size();
        inputs.add(batch);
        keptRows += batch.size();
        return p -> {
            predictions.set(index, p);
            return encode.apply(p);
        };
    }

    /**
     * The request has ended: queues its record for the writer (never blocks; a full queue drops it, counted).
     *
     * @param errorCode    the error's stable code, or {@code null} when the request succeeded
     */
    public void finish(int status, String errorCode, String errorMessage, long rows, double ms) {
        if (finished) {
            return;
        }
        finished = true;
        List<Predictions> answered = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size() && predictions.get(i) != null; i++) {
            answered.add(predictions.get(i));
        }
        capture.offer(new CaptureRecord(requestId, time, model, contentType, accept, schema, status, errorCode,
                errorMessage, rows, ms, List.copyOf(inputs), answered, maxRows));
    }
}
