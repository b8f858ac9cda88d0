package dev.skiff.http;

import dev.skiff.codec.Formats;
import dev.skiff.config.BodyLimit;
import dev.skiff.exec.BodyPipe;
import dev.skiff.exec.InferenceService;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /invocations} (and {@code /invocations-response-stream}) for a {@link dev.skiff.spi.RawModel}: the
 * body's bytes are copied off the event loop into a {@link BodyPipe} that the model reads on its thread. The model is
 * called with the first bytes (an empty body is answered 204 without it), and reading from the socket pauses while
 * the pipe is full, so memory stays bounded whatever the body's size. The answer is written whole when the model
 * returns (chunked, in one chunk, on the response-stream route); if it returns before the body ended, the rest of
 * the body is read and dropped.
 */
final class RawExchange extends Exchange {
    /** Bytes of body waiting for the model before reading from the socket pauses. */
    static final int WINDOW_BYTES = 256 * 1024;

    private final InferenceService inference;
    private final RequestContext context;
    private final boolean chunked;
    private final BodyLimit limit;
    private BodyPipe pipe;
    private CompletableFuture<RawPrediction> answer;

    /** Checks the request's {@code Content-Type} against the model's (415); called by the {@link Router}. */
    RawExchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection,
            InferenceService inference, BodyLimit limit, RequestContext context, boolean chunked) {
        super(ctx, request, log, connection);
        this.inference = inference;
        this.context = context;
        this.chunked = chunked;
        this.limit = limit;
        List<String> accepted = inference.rawContentTypes();
        if (!accepts(accepted, context.contentType())) {
            String given = context.contentType().isBlank() ? "no Content-Type" : "'" + context.contentType() + "'";
            throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE,
                    "this model cannot read " + given + "; it reads " + String.join(", ", accepted));
        }
    }

    @Override
    void onContent(ByteBuf content, boolean last) {
        if (limit.exceededBy(log.bytesIn())) {
            fail(InvocationExchange.tooLarge(limit));
            return;
        }
        if (content.isReadable()) {
            if (pipe == null && !start()) {
                return;
            }
            pipe.offer(ByteBufUtil.getBytes(content)); // the ByteBuf stays on the event loop; a copy crosses
        }
        if (last) {
            if (pipe == null) {
                respond(HttpResponseStatus.NO_CONTENT, null, new byte[0]); // as for tabular models
                return;
            }
            pipe.end();
        } else {
            readMoreIfRoom();
        }
    }

    /** Hands the request to the model with its first bytes; {@code false} if that failed (already answered). */
    private boolean start() {
        pipe = new BodyPipe(WINDOW_BYTES, () -> ctx.executor().execute(this::readMoreIfRoom));
        log.rows(1);
        try {
            answer = inference.submit(context, pipe);
        } catch (SkiffException e) {
            fail(e);
            return false;
        }
        answer.whenCompleteAsync((prediction, error) -> {
            if (error != null) {
                fail(error);
            } else {
                answer(prediction);
            }
        }, ctx.executor());
        return true;
    }

    private void answer(RawPrediction prediction) {
        if (state().answered()) {
            return;
        }
        if (!prediction.customAttributes().isEmpty()) {
            answerHeader(ContextHeaders.CUSTOM_ATTRIBUTES, prediction.customAttributes());
            log.attributesOut(prediction.customAttributes());
        }
        if (chunked) {
            startChunked(prediction.contentType());
            lastChunk(prediction.body());
        } else {
            respond(HttpResponseStatus.OK, prediction.contentType(), prediction.body());
        }
    }

    private void readMoreIfRoom() {
        if (state() == State.RECEIVING && (pipe == null || pipe.hasRoom())) {
            demand();
        }
    }

    @Override
    void cancel() {
        stop("the connection closed");
    }

    private void fail(Throwable error) {
        if (state().answered()) {
            return;
        }
        stop(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        if (state().headSent()) {
            abort(error);
        } else {
            respondError(error);
        }
    }

    private void stop(String reason) {
        if (pipe != null) {
            pipe.abort(reason);
        }
        if (answer != null) {
            answer.cancel(false); // still queued: skipped
        }
    }

    /** Whether a {@code Content-Type} matches one of the model's media types or ranges. */
    static boolean accepts(List<String> accepted, String contentType) {
        String type = Formats.bare(contentType);
        for (String range : accepted) {
            String r = Formats.bare(range);
            if (r.equals("*/*") || r.equals(type)
                    || r.endsWith("/*") && type.startsWith(r.substring(0, r.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
