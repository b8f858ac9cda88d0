package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.model.LoadedModel;
import dev.skiff.spi.ModelContext;
import dev.skiff.testmodel.SumModelProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection handler and its exchanges through Netty's EmbeddedChannel, for the paths that stay on the event
 * loop (routing, keep-alive, early errors, reading and dropping a body). Paths that hop to model threads are tested
 * over real sockets (InvocationIT, StreamingIT): EmbeddedChannel's event loop is not safe to hand tasks to from
 * other threads.
 */
class ConnectionHandlerTest {
    @TempDir
    Path tmp;
    private InferenceService inference;
    private EmbeddedChannel channel;

    private EmbeddedChannel open(String model, Map<String, String> env) throws Exception {
        Files.writeString(tmp.resolve(SumModelProvider.FILE), model);
        Map<String, String> all = new java.util.HashMap<>(Map.of("SKIFF_WORKERS", "2", "SKIFF_BATCH_ROWS", "1"));
        all.putAll(env);
        SkiffConfig config = SkiffConfig.fromEnvironment(all);
        inference = new InferenceService(config.workers(), config.queueCapacity(), Duration.ofSeconds(10));
        inference.load(() -> LoadedModel.of("sum", new SumModelProvider().load(new ModelContext(tmp, Map.of(), 2))));
        Router router = new Router(inference, config, new HttpMetrics(() -> 0));
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new FlowControlHandler(), new ConnectionHandler(router, new ServerState(),
                config.bodyLimit().discardBytes()));
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (inference != null) {
            inference.close();
        }
    }

    private static HttpRequest post(String contentType) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/invocations");
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(request, true);
        return request;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Runs the event loop's tasks until {@code count} messages went out (bounded). */
    private List<Object> outbound(int count) throws InterruptedException {
        List<Object> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            channel.runPendingTasks();
            Object msg = channel.readOutbound();
            if (msg == null) {
                Thread.sleep(1);
            } else {
                out.add(msg);
            }
        }
        return out;
    }

    private static String body(Object msg) {
        return ((HttpContent) msg).content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheAnswer() throws Exception {
        open("features=1\nweight=1\n", Map.of());
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/ping"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse response = (FullHttpResponse) outbound(1).get(0);
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        response.release();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anErrorBeforeTheBodyEndsReadsAndDropsTheRestThenServesTheNextRequest() throws Exception {
        open("features=1\nweight=1\n", Map.of());
        channel.writeInbound(post("text/csv"), new DefaultHttpContent(text("x\n")),
                new DefaultHttpContent(text("2\n")), new DefaultLastHttpContent(text("3\n")));
        FullHttpResponse error = (FullHttpResponse) outbound(1).get(0);
        assertThat(error.status().code()).isEqualTo(400);
        assertThat(error.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
        assertThat(body(error)).contains("not_a_number").contains("row 1");
        error.release();
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ping"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse next = (FullHttpResponse) outbound(1).get(0);
        assertThat(next.status().code()).isEqualTo(200);
        next.release();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBodyReadOnlyToBeDroppedIsDroppedOnlyUpToTheLimit() throws Exception {
        open("features=1\nweight=1\n", Map.of("MAX_CONTENT_LENGTH", "10"));
        channel.writeInbound(post("text/csv"), new DefaultHttpContent(text("x\n")));
        FullHttpResponse error = (FullHttpResponse) outbound(1).get(0);
        assertThat(error.status().code()).isEqualTo(400);
        error.release();
        channel.writeInbound(new DefaultHttpContent(text("1\n2\n3\n")));
        assertThat(channel.isOpen()).as("8 bytes in: still within the limit").isTrue();
        channel.writeInbound(new DefaultHttpContent(text("4\n5\n")));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("12 bytes in: past the limit of 10").isFalse();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndClosesWithoutReadingIt() throws Exception {
        open("features=1\nweight=1\n", Map.of("MAX_CONTENT_LENGTH", "10"));
        HttpRequest request = post("text/csv");
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(request, 11);
        channel.writeInbound(request);
        FullHttpResponse response = (FullHttpResponse) outbound(1).get(0);
        assertThat(response.status().code()).isEqualTo(413);
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        response.release();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void routesAnswerWithJsonErrors() throws Exception {
        open("features=1\nweight=1\n", Map.of());
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/nowhere?x=1"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse missing = (FullHttpResponse) outbound(1).get(0);
        assertThat(missing.status().code()).isEqualTo(404);
        assertThat(body(missing)).contains("\"code\":\"not_found\"").contains("/nowhere");
        missing.release();
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.DELETE, "/ping"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse wrong = (FullHttpResponse) outbound(1).get(0);
        assertThat(wrong.status().code()).isEqualTo(405);
        wrong.release();
        channel.writeInbound(post("image/png"), new DefaultLastHttpContent(text("x")));
        FullHttpResponse unsupported = (FullHttpResponse) outbound(1).get(0);
        assertThat(unsupported.status().code()).isEqualTo(415);
        unsupported.release();
    }

    @Test
    void headersTooLongAre431AndTheConnectionCloses() throws Exception {
        String answer = rawExchange("GET /ping HTTP/1.1\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").contains("\"code\":\"headers_too_large\"")
                .containsIgnoringCase("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMalformedRequestIs400AndTheConnectionCloses() throws Exception {
        String answer = rawExchange("GET /ping HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"bad_request\"");
        assertThat(channel.isOpen()).isFalse();
    }

    /** Bytes in through the real HTTP codec, the answer's bytes out. */
    private String rawExchange(String request) throws Exception {
        open("features=1\nweight=1\n", Map.of());
        channel.pipeline().addFirst(new io.netty.handler.codec.http.HttpServerCodec());
        channel.writeInbound(text(request));
        StringBuilder answer = new StringBuilder();
        for (Object out : outbound(1)) {
            answer.append(((ByteBuf) out).toString(StandardCharsets.UTF_8));
            ReferenceCountUtil.release(out);
        }
        channel.runPendingTasks();
        Object more;
        while ((more = channel.readOutbound()) != null) {
            answer.append(((ByteBuf) more).toString(StandardCharsets.UTF_8));
            ReferenceCountUtil.release(more);
        }
        return answer.toString();
    }
}
