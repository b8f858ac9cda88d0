package dev.skiff.http;

import dev.skiff.capture.Capture;
import dev.skiff.capture.CapturedRequest;
import dev.skiff.codec.Formats;
import dev.skiff.codec.RecordDecoder;
import dev.skiff.codec.ResponseEncoder;
import dev.skiff.config.BodyLimit;
import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code POST /invocations} (and {@code /invocations-response-stream}) for a tabular model, streamed: body bytes are
 * decoded into rows as they arrive, rows are grouped into batches, each batch is predicted (and encoded) on a model
 * thread while the upload goes on, and the answers are written back as chunks in input order.
 *
 * <p>Reading is demand-driven (the channel's autoRead is off): the next part of the body is asked for only while
 * fewer than {@code maxInflightBatches} batches are waiting and the socket is writable, so a 100 MB body flows
 * through in memory bounded by a few batches. The response head waits for the first batch's success, so an early
 * error is still a clean 4xx/5xx; an error after the head is sent aborts the connection. The head carries the first
 * batch's custom attributes. A one-batch answer to {@code /invocations} is written whole, with a
 * {@code Content-Length}; the response-stream route always answers chunked.
 */
final class InvocationExchange extends Exchange {
    /** A batch's answer, encoded on the model thread, with the custom attributes its predictions carried. */
    private record Encoded(byte[] bytes, String customAttributes) { }

    private final InferenceService inference;
    private final RequestContext context;
    private final boolean alwaysChunked;
    private final BodyLimit limit;
    private final int maxInflightBatches;
    private final RecordDecoder decoder;
    private final ResponseEncoder encoder;
    private final ArrayDeque<CompletableFuture<Encoded>> pending = new ArrayDeque<>();
    private final CapturedRequest captured; // null: this request is not captured
    private long batches;

    /**
     * Picks the decoder and encoder for the request's {@code Content-Type} and {@code Accept}. Called by the
     * {@link Router}, which checks the rest of the head first; throws a {@link SkiffException} (415, 406) when no
     * format fits.
     *
     * @param alwaysChunked answer chunked even when the answer is one batch (the response-stream route)
     */
    InvocationExchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection,
            InferenceService inference, SkiffConfig config, Capture capture, RequestContext context,
            boolean alwaysChunked) {
        super(ctx, request, log, connection);
        this.inference = inference;
        this.context = context;
        this.alwaysChunked = alwaysChunked;
        this.limit = config.bodyLimit();
        this.maxInflightBatches = config.maxInflightBatches();
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        this.encoder = Formats.encoder(request.headers().get(HttpHeaderNames.ACCEPT), contentType,
                config.defaultAccept(), config.batchTransform());
        this.decoder = Formats.decoder(contentType, inference.schema(), config.batchRows(), config.maxRowBytes(),
                this::submit);
        this.captured = capture.begin(log.requestId(), inference.modelName(), contentType, encoder.contentType(),
                inference.schema(), config.batchRows());
    }

    @Override
    void onContent(ByteBuf content, boolean last) {
        try {
            if (limit.exceededBy(log.bytesIn())) {
                throw tooLarge(limit);
            }
            if (content.isReadable()) {
                decoder.decode(content.nioBuffer());
            }
            if (last) {
                decoder.finish();
            }
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (last && batches == 0) {
            respond(HttpResponseStatus.NO_CONTENT, null, new byte[0]); // SageMaker sends empty mini-batches
            return;
        }
        writeAnswered();
    }

    /** Called by the decoder, on the event loop, for each full batch. */
    private void submit(Batch batch) {
        boolean first = batches++ == 0;
        log.rows(batch.size());
        CompletableFuture<Encoded> answer;
        Function<Predictions, Encoded> encode =
                predictions -> new Encoded(encoder.encode(predictions, first), predictions.customAttributes());
        try {
            answer = inference.submit(log.requestId(), batch.withContext(context),
                    captured == null ? encode : captured.batch(batch, encode));
        } catch (SkiffException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        pending.add(answer);
        answer.whenCompleteAsync((bytes, error) -> {
            if (error != null && !state().headSent()) {
                fail(error); // the answer cannot succeed; say so now rather than after the batches before it
            } else {
                writeAnswered();
            }
        }, ctx.executor());
    }

    /** Writes every answered batch at the head of the queue, in input order; ends the answer when all are in. */
    private void writeAnswered() {
        if (state().answered()) {
            return;
        }
        while (!pending.isEmpty() && pending.peek().isDone()) {
            Encoded answer;
            try {
                answer = pending.poll().join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                fail(e);
                return;
            }
            boolean head = !state().headSent();
            if (head && !answer.customAttributes().isEmpty()) {
                answerHeader(ContextHeaders.CUSTOM_ATTRIBUTES, answer.customAttributes());
                log.attributesOut(answer.customAttributes());
            }
            if (state() == State.RECEIVED && pending.isEmpty() && !alwaysChunked) {
                respond(HttpResponseStatus.OK, encoder.contentType(),
                        concat(encoder.begin(), answer.bytes(), encoder.end()));
                return;
            }
            if (head) {
                startChunked(encoder.contentType());
                chunk(encoder.begin());
            }
            chunk(answer.bytes());
        }
        if (state() == State.STREAMING_RECEIVED && pending.isEmpty()) {
            lastChunk(encoder.end());
            return;
        }
        ctx.flush();
        readMoreIfRoom();
    }

    @Override
    void writabilityChanged() {
        readMoreIfRoom();
    }

    @Override
    void cancel() {
        cancelPending();
    }

    @Override
    void ended() {
        if (captured != null) {
            SkiffException e = log.failure();
            captured.finish(log.status(), e == null ? null : e.code().code(), e == null ? null : e.getMessage(),
                    log.rows(), log.ms());
        }
    }

    private void readMoreIfRoom() {
        if ((state() == State.RECEIVING || state() == State.STREAMING) && pending.size() < maxInflightBatches
                && ctx.channel().isWritable()) {
            demand();
        }
    }

    private void fail(Throwable error) {
        if (state().answered()) {
            return;
        }
        cancelPending();
        if (state().headSent()) {
            abort(error);
        } else {
            respondError(error);
        }
    }

    private void cancelPending() {
        CompletableFuture<Encoded> next;
        while ((next = pending.poll()) != null) {
            next.cancel(false); // a batch still queued for the model is skipped
        }
    }

    static SkiffException tooLarge(BodyLimit limit) {
        return SkiffException.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than the limit of " + limit.bytes()
                + " bytes (set by " + limit.setBy() + "); raise it with SKIFF_MAX_PAYLOAD_MB (0: no limit)");
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }
}
