package dev.skiff.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of a connection. There is deliberately no {@code HttpObjectAggregator}: bodies stream through
 * {@link ConnectionHandler} in parts, and {@link FlowControlHandler} hands it one HTTP message per {@code read()}.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Router router;
    private final ServerState state;
    private final ChannelGroup connections;
    private final int idleTimeoutSeconds;
    private final long maxBodyBytes;

    ServerInitializer(Router router, ServerState state, ChannelGroup connections, int idleTimeoutSeconds,
            long maxBodyBytes) {
        this.router = router;
        this.state = state;
        this.connections = connections;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel); // closed at shutdown
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("flow", new FlowControlHandler());
        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeoutSeconds));
        pipeline.addLast("skiff", new ConnectionHandler(router, state, maxBodyBytes));
    }
}
