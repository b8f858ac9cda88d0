package dev.skiff.http;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A multi-model management request ({@code POST /models}, {@code GET /models}, {@code GET} and {@code DELETE}
 * {@code /models/{name}}): its small body is gathered (up to {@link #MAX_BODY_BYTES}; other routes' bodies are read
 * and dropped), then the answer is asked for. It may take long (a load, an unload): it is a future completed off the
 * event loop, and the exchange answers its JSON with a 200 when it completes, on the event loop, unless the
 * connection has gone meanwhile.
 */
final class ManagementExchange extends Exchange {
    /** The largest {@code POST /models} body: a name and a path. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Function<byte[], CompletableFuture<byte[]>> answer;
    private final ByteArrayOutputStream body; // null: the body is not read

    /**
     * @param readBody whether the answer needs the body ({@code POST /models})
     * @param answer   from the body (empty when not read) to the 200 answer's JSON; may throw a SkiffException
     */
    ManagementExchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection,
            boolean readBody, Function<byte[], CompletableFuture<byte[]>> answer) {
        super(ctx, request, log, connection);
        this.answer = answer;
        this.body = readBody ? new ByteArrayOutputStream() : null;
    }

    @Override
    void onContent(ByteBuf content, boolean last) {
        if (body != null) {
            if (body.size() + content.readableBytes() > MAX_BODY_BYTES) {
                respondError(tooLarge());
                return;
            }
            body.writeBytes(ByteBufUtil.getBytes(content));
        }
        if (!last) {
            demand();
            return;
        }
        CompletableFuture<byte[]> json;
        try {
            json = answer.apply(body == null ? new byte[0] : body.toByteArray());
        } catch (RuntimeException e) {
            respondError(e);
            return;
        }
        json.whenCompleteAsync((bytes, error) -> {
            if (state().answered()) {
                return; // the connection closed while the answer was being made
            }
            if (error != null) {
                respondError(error);
            } else {
                respond(HttpResponseStatus.OK, "application/json", bytes);
            }
        }, ctx.executor());
    }

    static SkiffException tooLarge() {
        return SkiffException.of(ErrorCode.PAYLOAD_TOO_LARGE, "a /models request body is at most " + MAX_BODY_BYTES
                + " bytes: {\"model_name\": ..., \"url\": ...}");
    }
}
