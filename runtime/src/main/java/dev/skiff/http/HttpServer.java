package dev.skiff.http;

import dev.skiff.capture.Capture;
import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.registry.ModelRegistry;
import dev.skiff.registry.ServedModels;
import dev.skiff.registry.SingleModel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: binds the port, and on {@link #shutdown} stops accepting and drains requests in progress. It owns
 * request capture (started with it, flushed and closed after the last request).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** How long the captured records still queued at shutdown may take to reach their sink. */
    private static final Duration CAPTURE_FLUSH = Duration.ofSeconds(3);

    private final SkiffConfig config;
    private final EventLoopGroup group;
    private final ServerState state = new ServerState();
    private final ChannelGroup connections = new DefaultChannelGroup("skiff", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final Capture capture;

    private HttpServer(SkiffConfig config, ServedModels models) throws InterruptedException {
        this.config = config;
        boolean epoll = config.epoll() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        HttpMetrics metrics = new HttpMetrics(state::active,
                models instanceof ModelRegistry registry ? registry::loaded : null);
        if (models instanceof ModelRegistry registry) {
            metrics.bind(registry);
        }
        this.capture = Capture.start(config.capture());
        Router router;
        try {
            router = new Router(models, config, metrics, capture);
        } catch (RuntimeException e) {
            capture.close(Duration.ZERO);
            throw e;
        }
        if (capture.enabled()) {
            metrics.bind(capture);
        }
        if (router.apiKeyCount() > 0) {
            log.info("API keys required on every route but /ping ({} keys from {})", router.apiKeyCount(),
                    config.apiKeysFile());
        }
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ServerInitializer(router, state, connections,
                            config.idleTimeoutSeconds(), config.bodyLimit().discardBytes()))
                    .bind(new InetSocketAddress(config.port()))
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            capture.close(Duration.ZERO);
            throw e;
        }
        log.info("listening on port {} ({} transport, {} event loops)", port(), epoll ? "epoll" : "nio",
                config.ioThreads());
    }

    /** Binds {@code config.port()} (0: any free port) and starts serving {@code models}. */
    public static HttpServer start(SkiffConfig config, ServedModels models) throws InterruptedException {
        return new HttpServer(config, models);
    }

    /** Serves one model (single-model mode). */
    public static HttpServer start(SkiffConfig config, InferenceService inference) throws InterruptedException {
        return new HttpServer(config, new SingleModel(inference));
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting connections, lets requests in progress finish within {@code drain} (their answers close
     * their connections), then closes every connection and the event loops.
     *
     * @return whether every request finished in time
     */
    public boolean shutdown(Duration drain) throws InterruptedException {
        serverChannel.close().sync();
        boolean drained = state.drain(drain.toNanos());
        if (!drained) {
            log.warn("{} requests still in progress after {} s; closing their connections", state.active(),
                    drain.toSeconds());
        }
        connections.close().await(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        capture.close(CAPTURE_FLUSH);
        return drained;
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ofSeconds(config.drainTimeoutSeconds()));
    }
}
