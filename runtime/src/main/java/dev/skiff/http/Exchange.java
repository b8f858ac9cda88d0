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
import io.netty.handler.codec.http.DefaultHttpHeaders;
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
 * One request and its answer on a connection. Everything here runs on the channel's event loop.
 *
 * <p>Its life is one {@link State}: the body is received while the answer is pending, then streamed or written
 * whole; an answer complete before the body ended leaves the rest of the body to be discarded (read and dropped, so
 * the connection stays usable, up to the body limit). The exchange ends when its answer is written and its body
 * read, or when it gives up the connection. Subclasses see the body through {@link #onContent} and answer with
 * {@code respond}/{@code startChunked}/{@code chunk}/{@code lastChunk}; this class owns the headers every answer
 * carries, the keep-alive decision and the access log.
 */
abstract class Exchange {
    /** Where an exchange is in its life. */
    enum State {
        /** The body is arriving; no answer yet. */
        RECEIVING,
        /** The body has ended; no answer yet. */
        RECEIVED,
        /** The answer's head is out, its body follows in chunks; the request body is still arriving. */
        STREAMING,
        /** The answer's head is out; the request body has ended. */
        STREAMING_RECEIVED,
        /** The answer is complete before the request body ended: the rest of the body is read and dropped. */
        DISCARDING,
        /** Answered and read, or the connection was given up. */
        ENDED;

        boolean bodyEnded() {
            return this == RECEIVED || this == STREAMING_RECEIVED || this == ENDED;
        }

        boolean headSent() {
            return this == STREAMING || this == STREAMING_RECEIVED;
        }

        boolean answered() {
            return this == DISCARDING || this == ENDED;
        }
    }

    final ChannelHandlerContext ctx;
    final HttpRequest request;
    final RequestLog log;
    private final Connection connection;
    private final boolean keepAlive;
    private State state = State.RECEIVING;
    private boolean keepConnection; // decided with the answer's head
    private HttpHeaders answerHeaders; // set before the head goes out; most answers have none

    /** What an exchange needs from its connection. */
    interface Connection {
        /** Asks for the next message of the request (one {@code read()}); a no-op if one is already asked for. */
        void demand();

        /** The exchange has ended; {@code reuse}: the connection may carry the next request. */
        void ended(boolean reuse);

        /** Whether the server is draining for shutdown: answers then close their connection. */
        boolean draining();

        /**
         * How much of a body is read only to be discarded (the body limit, or 6 MB when there is none): past it, the
         * connection is closed instead.
         */
        long maxBodyBytes();
    }

    Exchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection) {
        this.ctx = ctx;
        this.request = request;
        this.log = log;
        this.connection = connection;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    /** A part of the request body; {@code last} marks its end (the state already says so). Caller releases it. */
    abstract void onContent(ByteBuf content, boolean last);

    /** The channel became writable or unwritable. */
    void writabilityChanged() {
    }

    /** The exchange gives up (its connection closed or will): work it started for its answer is abandoned. */
    void cancel() {
    }

    /** The connection closed under the exchange. */
    final void closed() {
        cancel();
        end(false);
    }

    /**
     * The request body's framing broke (a chunk size that is not hex, overflows, or a chunk line past Netty's
     * limit): nothing after it can be read. Before the answer's head a JSON 400 is answered, then the connection
     * closes; after it, the connection is closed.
     */
    final void framingFailed(Throwable cause) {
        if (state.answered()) {
            ctx.close();
            end(false);
            return;
        }
        cancel();
        SkiffException e = SkiffException.of(ErrorCode.BAD_REQUEST, "the request body's chunked framing is broken: "
                + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
        if (state.headSent()) {
            abort(e);
        } else {
            respondErrorAndClose(e);
        }
    }

    final State state() {
        return state;
    }

    final void content(ByteBuf content, boolean last) {
        log.bytesIn(content.readableBytes());
        switch (state) {
            case RECEIVING, STREAMING -> {
                if (last) {
                    state = state == State.RECEIVING ? State.RECEIVED : State.STREAMING_RECEIVED;
                }
                onContent(content, last);
            }
            case DISCARDING -> discard(last);
            default -> {
                // the exchange has ended (aborted) or its body already ended: nothing more to read
            }
        }
    }

    private void discard(boolean last) {
        if (last) {
            end(keepConnection);
        } else if (log.bytesIn() > connection.maxBodyBytes()) {
            ctx.close(); // a body past the limit is not worth reading to keep the connection
            end(false);
        } else {
            connection.demand();
        }
    }

    final void demand() {
        connection.demand();
    }

    /** A header for the answer's head (a success's, not an error's); only before the head is sent. */
    final void answerHeader(CharSequence name, String value) {
        if (answerHeaders == null) {
            answerHeaders = new DefaultHttpHeaders();
        }
        answerHeaders.set(name, value);
    }

    /** Answers with a whole body (an empty one for 204). */
    final void respond(HttpResponseStatus status, String contentType, byte[] body) {
        respond(status, contentType, body, false);
    }

    private void respond(HttpResponseStatus status, String contentType, byte[] body, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (status.code() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"skiff\"");
        }
        if (status.code() != 204) {
            HttpUtil.setContentLength(response, body.length);
        }
        finishHeaders(response, close);
        log.response(status.code(), body.length);
        answerWritten(ctx.writeAndFlush(response));
    }

    /**
     * Answers {@code error} as a JSON error body. Before the request body has ended, an answer to an oversized body,
     * to a client waiting for {@code 100 Continue} or to a caller without a valid API key closes the connection; any
     * other discards the rest of the body.
     */
    final void respondError(Throwable error) {
        SkiffException e = ErrorBody.classify(error, log.requestId());
        boolean unread = e.code() == ErrorCode.PAYLOAD_TOO_LARGE || HttpUtil.is100ContinueExpected(request)
                || e.code() == ErrorCode.UNAUTHORIZED && hasBody(request);
        respondError(e, !state.bodyEnded() && unread);
    }

    /** Whether the request declares a body: chunked, or a Content-Length above 0. */
    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    /** Answers {@code error} and closes the connection: for requests whose framing cannot be trusted. */
    final void respondErrorAndClose(Throwable error) {
        respondError(ErrorBody.classify(error, log.requestId()), true);
    }

    private void respondError(SkiffException e, boolean close) {
        log.error(e);
        answerHeaders = null; // they belong to a success
        respond(HttpResponseStatus.valueOf(e.code().status()), "application/json", ErrorBody.json(e, log.requestId()),
                close);
    }

    /** Sends the head of a chunked 200 answer; the body follows with {@link #chunk} and {@link #lastChunk}. */
    final void startChunked(String contentType) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(head, true);
        finishHeaders(head, false);
        log.response(200, 0);
        ctx.write(head);
        state = state == State.RECEIVING ? State.STREAMING : State.STREAMING_RECEIVED;
    }

    final void chunk(byte[] bytes) {
        if (bytes.length > 0) {
            log.bytesOut(bytes.length);
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    final void lastChunk(byte[] bytes) {
        log.bytesOut(bytes.length);
        answerWritten(ctx.writeAndFlush(bytes.length == 0
                ? new DefaultLastHttpContent()
                : new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes))));
    }

    /** An error after the head was sent: the only honest signal left is a truncated body, so close. */
    final void abort(Throwable error) {
        SkiffException e = ErrorBody.classify(error, log.requestId());
        log.abort(e);
        ctx.close();
        end(false);
    }

    private void finishHeaders(HttpResponse response, boolean close) {
        HttpHeaders headers = response.headers();
        if (answerHeaders != null) {
            headers.add(answerHeaders);
        }
        log.echoIds(headers);
        keepConnection = keepAlive && !close && !connection.draining();
        headers.set(HttpHeaderNames.CONNECTION, keepConnection ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    private void answerWritten(ChannelFuture written) {
        if (!keepConnection) {
            written.addListener(ChannelFutureListener.CLOSE);
            end(false);
        } else if (state.bodyEnded()) {
            end(true);
        } else {
            state = State.DISCARDING;
            connection.demand();
        }
    }

    /** The exchange has ended and its access-log line is written; runs once. */
    void ended() {
    }

    private void end(boolean reuse) {
        if (state != State.ENDED) {
            state = State.ENDED;
            log.finish();
            ended();
            connection.ended(reuse);
        }
    }
}
