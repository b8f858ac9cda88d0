package dev.skiff.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Maps a request head to the exchange that answers it. */
final class Router {
    private static final byte[] READY = "{\"status\":\"ready\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final InferenceService inference;
    private final SkiffConfig config;
    private final HttpMetrics metrics;
    private final byte[] executionParameters;

    Router(InferenceService inference, SkiffConfig config, HttpMetrics metrics) {
        this.inference = inference;
        this.config = config;
        this.metrics = metrics;
        this.executionParameters = executionParameters(config);
    }

    Exchange route(ChannelHandlerContext ctx, HttpRequest request, Exchange.Connection connection) {
        String path = path(request.uri());
        HttpMethod method = request.method();
        return switch (path) {
            case "/invocations" -> method.equals(HttpMethod.POST)
                    ? InvocationExchange.start(ctx, request, log(request, path), connection, inference, config)
                    : fixed(ctx, request, path, connection, e -> notAllowed(e, "POST"));
            case "/ping" -> get(ctx, request, path, connection, this::ping);
            case "/execution-parameters" -> get(ctx, request, path, connection,
                    e -> e.respond(HttpResponseStatus.OK, "application/json", executionParameters));
            case "/metrics" -> get(ctx, request, path, connection, e -> e.respond(HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8)));
            default -> fixed(ctx, request, "other", connection, e -> e.respondError(SkiffException.of(
                    ErrorCode.NOT_FOUND, "no route for " + path
                            + "; Skiff serves GET /ping, POST /invocations, GET /execution-parameters, GET /metrics")));
        };
    }

    /**
     * A request Netty could not parse (a broken request line, headers over 8 KiB): answered with a JSON error, then
     * the connection is closed, since nothing after it can be framed.
     */
    Exchange malformed(ChannelHandlerContext ctx, HttpRequest request, Exchange.Connection connection, Throwable cause) {
        boolean tooLarge = cause instanceof io.netty.handler.codec.TooLongFrameException;
        FixedExchange exchange = new FixedExchange(ctx, request, log(request, "other"), connection, e -> { });
        exchange.respondErrorAndClose(SkiffException.of(tooLarge ? ErrorCode.HEADERS_TOO_LARGE : ErrorCode.BAD_REQUEST,
                tooLarge ? "the request line or headers are too long" : "not a valid HTTP request: "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse("")));
        return exchange;
    }

    private void ping(Exchange exchange) {
        InferenceService.Status status = inference.status();
        if (status.ready()) {
            exchange.respond(HttpResponseStatus.OK, "application/json", READY);
        } else {
            exchange.respondError(SkiffException.of(ErrorCode.MODEL_NOT_READY, status.reason()));
        }
    }

    private Exchange get(ChannelHandlerContext ctx, HttpRequest request, String route, Exchange.Connection connection,
            java.util.function.Consumer<Exchange> answer) {
        boolean ok = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        return fixed(ctx, request, route, connection, ok ? answer : e -> notAllowed(e, "GET"));
    }

    private Exchange fixed(ChannelHandlerContext ctx, HttpRequest request, String route,
            Exchange.Connection connection, java.util.function.Consumer<Exchange> answer) {
        return new FixedExchange(ctx, request, log(request, route), connection, answer);
    }

    private RequestLog log(HttpRequest request, String route) {
        return new RequestLog(request, route, metrics);
    }

    private static void notAllowed(Exchange exchange, String allowed) {
        exchange.respondError(SkiffException.of(ErrorCode.METHOD_NOT_ALLOWED,
                exchange.request.method() + " is not allowed on " + path(exchange.request.uri()) + "; use " + allowed));
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static byte[] executionParameters(SkiffConfig config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("MaxConcurrentTransforms", config.maxConcurrentTransforms());
            g.writeStringField("BatchStrategy", config.batchStrategy());
            g.writeNumberField("MaxPayloadInMB", config.maxPayloadMb());
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }
}
