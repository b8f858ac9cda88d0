package dev.skiff.http;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request and its response on a connection. Everything here runs on the channel's event loop.
 *
 * <p>An exchange ends when both its response is written and its request body is read to the end (a body that
 * arrives after an early error answer is read and dropped, so the connection stays usable), or when it aborts
 * the connection. Subclasses see the body through {@link #onContent} and answer with the {@code respond}/
 * {@code chunk} methods; this class owns the headers every answer carries, keep-alive and the access log.
 */
abstract class Exchange {
    final ChannelHandlerContext ctx;
    final HttpRequest request;
    final RequestLog log;
    private final Connection connection;
    private final boolean keepAlive;
    private boolean inputDone;
    private boolean responseDone;
    private boolean closeAfterResponse;
    private boolean ended;

    /** What an exchange needs from its connection. */
    interface Connection {
        /** Asks for the next message of the request (one {@code read()}); a no-op if one is already asked for. */
        void demand();

        /** The exchange has ended; {@code reuse}: the connection may carry the next request. */
        void ended(boolean reuse);

        /** Whether the server is draining for shutdown: answers then close their connection. */
        boolean draining();

        /** The body limit: past it, even a body read only to be dropped closes the connection. */
        long maxBodyBytes();
    }

    Exchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection) {
        this.ctx = ctx;
        this.request = request;
        this.log = log;
        this.connection = connection;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    /** A part of the request body; {@code last} marks its end. The caller releases {@code content}. */
    abstract void onContent(ByteBuf content, boolean last);

    /** The channel became writable or unwritable. */
    void writabilityChanged() {
    }

    /** The connection closed under the exchange. */
    void closed() {
        end(false);
    }

    final void content(ByteBuf content, boolean last) {
        log.bytesIn(content.readableBytes());
        inputDone |= last;
        if (responseDone) {
            if (last) {
                end(true);
            } else if (log.bytesIn() > connection.maxBodyBytes()) {
                ctx.close(); // a body past the limit is not worth reading to keep the connection
                end(false);
            } else {
                connection.demand();
            }
            return;
        }
        onContent(content, last);
    }

    final boolean inputDone() {
        return inputDone;
    }

    final boolean isEnded() {
        return ended;
    }

    final boolean responseDone() {
        return responseDone;
    }

    final void demand() {
        connection.demand();
    }

    /** Answers with a whole body (an empty one for 204). */
    final void respond(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (status.code() != 204) {
            HttpUtil.setContentLength(response, body.length);
        }
        finishHeaders(response);
        log.response(status.code(), body.length);
        responseWritten(ctx.writeAndFlush(response));
    }

    /**
     * Answers {@code error} as a JSON error body. Before the request body has been read, an answer to an oversized
     * body or to a client waiting for {@code 100 Continue} closes the connection; any other reads and drops the
     * rest of the body.
     */
    final void respondError(Throwable error) {
        SkiffException e = ErrorBody.classify(error, log.requestId());
        if (!inputDone && (e.code() == ErrorCode.PAYLOAD_TOO_LARGE || HttpUtil.is100ContinueExpected(request))) {
            closeAfterResponse = true;
        }
        log.error(e);
        respond(HttpResponseStatus.valueOf(e.code().status()), "application/json", ErrorBody.json(e, log.requestId()));
    }

    /** Answers {@code error} and closes the connection: for requests whose framing cannot be trusted. */
    final void respondErrorAndClose(Throwable error) {
        closeAfterResponse = true;
        respondError(error);
    }

    /** Sends the head of a chunked 200 answer; the body follows with {@link #chunk} and {@link #lastChunk}. */
    final void startChunked(String contentType) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(head, true);
        finishHeaders(head);
        log.response(200, 0);
        ctx.write(head);
    }

    final void chunk(byte[] bytes) {
        if (bytes.length > 0) {
            log.bytesOut(bytes.length);
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    final void lastChunk(byte[] bytes) {
        log.bytesOut(bytes.length);
        responseWritten(ctx.writeAndFlush(bytes.length == 0
                ? new DefaultLastHttpContent()
                : new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes))));
    }

    /** An error after the head was sent: the only honest signal left is a truncated body, so close. */
    final void abort(Throwable error) {
        SkiffException e = ErrorBody.classify(error, log.requestId());
        log.abort(e);
        responseDone = true;
        ctx.close();
        end(false);
    }

    private void finishHeaders(HttpResponse response) {
        HttpHeaders headers = response.headers();
        log.echoIds(headers);
        boolean reuse = keepAlive && !closeAfterResponse && !connection.draining();
        closeAfterResponse = !reuse;
        headers.set(HttpHeaderNames.CONNECTION, reuse ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    private void responseWritten(ChannelFuture written) {
        responseDone = true;
        if (closeAfterResponse) {
            written.addListener(ChannelFutureListener.CLOSE);
            end(false);
        } else if (inputDone) {
            end(true);
        } else {
            connection.demand(); // read and drop the rest of the body
        }
    }

    private void end(boolean reuse) {
        if (!ended) {
            ended = true;
            log.finish();
            connection.ended(reuse);
        }
    }
}
