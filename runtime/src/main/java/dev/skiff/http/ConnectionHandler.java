package dev.skiff.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One connection: hands each request to an {@link Exchange} made by the {@link Router}, one at a time.
 *
 * <p>The channel does not read by itself (autoRead is off). A {@code read()} is asked for when the connection is
 * idle between requests and whenever the current exchange wants more of its body; the {@code FlowControlHandler}
 * before this handler turns each {@code read()} into exactly one HTTP message. A pipelined next request therefore
 * waits in the socket until the current answer is complete.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements Exchange.Connection {
    private final Router router;
    private final ServerState server;
    private final long maxBodyBytes;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private boolean readAsked;

    ConnectionHandler(Router router, ServerState server, long maxBodyBytes) {
        this.router = router;
        this.server = server;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            demand();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        demand();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readAsked = false;
        try {
            if (msg instanceof HttpRequest request) {
                server.exchangeStarted();
                exchange = router.route(ctx, request, this);
                if (exchange.state() == Exchange.State.ENDED) {
                    exchange = null; // answered and closed at once (e.g. 413 on a declared length)
                } else {
                    demand(); // the body, or at least its end
                }
            }
            if (msg instanceof HttpContent content && exchange != null) {
                if (content.decoderResult().isFailure()) {
                    exchange.framingFailed(content.decoderResult().cause());
                    return;
                }
                exchange.content(content.content(), content instanceof LastHttpContent);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readAsked) {
            ctx.read(); // FlowControlHandler forgets a read still unsatisfied when a read cycle ends: ask again
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void demand() {
        if (!readAsked) {
            readAsked = true;
            ctx.read();
        }
    }

    @Override
    public void ended(boolean reuse) {
        exchange = null;
        server.exchangeEnded();
        if (reuse) {
            demand();
        }
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public boolean draining() {
        return server.draining();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && exchange == null) {
            ctx.close(); // an idle keep-alive connection; a request in progress is never cut by this
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null && !exchange.state().answered()) {
            exchange.abort(cause);
        } else {
            ctx.close();
        }
    }
}
