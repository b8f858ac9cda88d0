package dev.skiff.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.capture.Capture;
import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.registry.ModelRegistry;
import dev.skiff.registry.ServedModels;
import dev.skiff.registry.SingleModel;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** Checks a request head and makes the exchange that answers it. */
final class Router {
    static final String INVOCATIONS = "/invocations";
    /** SageMaker's InvokeEndpointWithResponseStream calls this route. */
    static final String RESPONSE_STREAM = "/invocations-response-stream";
    private static final Set<String> ROUTES = Set.of(INVOCATIONS, RESPONSE_STREAM, "/ping", "/execution-parameters",
            "/metrics");
    private static final byte[] READY = "{\"status\":\"ready\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final ServedModels models;
    private final ModelRegistry registry; // null: single-model mode
    private final ModelRoutes modelRoutes; // null: single-model mode
    private final SkiffConfig config;
    private final HttpMetrics metrics;
    private final byte[] executionParameters;
    private final ApiKeys apiKeys;
    private final Capture capture;

    Router(InferenceService inference, SkiffConfig config, HttpMetrics metrics) {
        this(new SingleModel(inference), config, metrics, Capture.off());
    }

    Router(ServedModels models, SkiffConfig config, HttpMetrics metrics, Capture capture) {
        this.models = models;
        this.registry = models instanceof ModelRegistry r ? r : null;
        this.modelRoutes = registry == null ? null : new ModelRoutes(registry, metrics);
        this.capture = capture;
        this.config = config;
        this.metrics = metrics;
        this.executionParameters = executionParameters(config);
        this.apiKeys = config.apiKeysFile().isEmpty() ? ApiKeys.none() : ApiKeys.read(Path.of(config.apiKeysFile()));
    }

    /** How many API keys a caller may present; 0 when none is required. */
    int apiKeyCount() {
        return apiKeys.count();
    }

    /**
     * The one place a request head is checked: framing Netty could not parse (400, 431: answered, then the
     * connection closes), the API key on every route but {@code /ping} when keys are required (401: answered at
     * once, and a request with a body loses its connection, its body unread), then the route and method (404, 405:
     * answered once the body has ended), and for {@code POST /invocations} (and the response-stream route and, in
     * multi-model mode, {@code /models/{name}/invoke}) the declared length (413), SageMaker's headers (400), the model
     * (400 none named, 404 not loaded, 503 not ready) and the formats (415, 406); the other multi-model routes' checks
     * are in {@link ModelRoutes}. A head that fails a check gets an exchange that has already answered.
     */
    Exchange route(ChannelHandlerContext ctx, HttpRequest request, Exchange.Connection connection) {
        String path = path(request.uri());
        boolean framingFailed = request.decoderResult().isFailure();
        RequestLog log = log(request, framingFailed ? "other" : route(path));
        try {
            if (framingFailed) {
                throw malformed(request.decoderResult().cause());
            }
            if (!path.equals("/ping")) {
                apiKeys.check(request.headers());
            }
            Exchange exchange = exchange(ctx, request, path, log, connection);
            if (HttpUtil.is100ContinueExpected(request)) { // the head passed its checks: the body is wanted
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            return exchange;
        } catch (RuntimeException e) {
            FixedExchange failed = new FixedExchange(ctx, request, log, connection, ignored -> { });
            if (framingFailed) {
                failed.respondErrorAndClose(e); // nothing after it can be framed
            } else {
                failed.respondError(e);
            }
            return failed;
        }
    }

    private Exchange exchange(ChannelHandlerContext ctx, HttpRequest request, String path, RequestLog log,
            Exchange.Connection connection) {
        HttpMethod method = request.method();
        return switch (path) {
            case INVOCATIONS, RESPONSE_STREAM -> method.equals(HttpMethod.POST)
                    ? invocation(ctx, request, log, connection, path.equals(RESPONSE_STREAM), null)
                    : new FixedExchange(ctx, request, log, connection, e -> notAllowed(e, "POST"));
            case "/ping" -> get(ctx, request, log, connection, this::ping);
            case "/execution-parameters" -> get(ctx, request, log, connection,
                    e -> e.respond(HttpResponseStatus.OK, "application/json", executionParameters));
            case "/metrics" -> get(ctx, request, log, connection, e -> e.respond(HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8)));
            default -> modelRoute(ctx, request, path, log, connection);
        };
    }

    /** The multi-model routes (multi-model mode only), else 404. */
    private Exchange modelRoute(ChannelHandlerContext ctx, HttpRequest request, String path, RequestLog log,
            Exchange.Connection connection) {
        String route = modelRoutes == null ? null : ModelRoutes.route(path);
        if (route == null) {
            String hint = path.startsWith(ModelRoutes.MODELS) && modelRoutes == null
                    ? " (the /models routes are a multi-model endpoint's: SAGEMAKER_MULTI_MODEL=true)" : "";
            return new FixedExchange(ctx, request, log, connection, e -> e.respondError(SkiffException.of(
                    ErrorCode.NOT_FOUND, "no route for " + path + "; Skiff serves GET /ping, POST /invocations, "
                            + "POST /invocations-response-stream, GET /execution-parameters, GET /metrics" + hint)));
        }
        if (!route.equals(ModelRoutes.INVOKE)) {
            return modelRoutes.exchange(ctx, request, route, path, log, connection);
        }
        String name = ModelRoutes.name(path);
        return request.method().equals(HttpMethod.POST) ? invocation(ctx, request, log, connection, false, name)
                : new FixedExchange(ctx, request, log, connection, e -> notAllowed(e, "POST"));
    }

    /** @param named the model of {@code /models/{name}/invoke}; {@code null} for {@code /invocations} */
    private Exchange invocation(ChannelHandlerContext ctx, HttpRequest request, RequestLog log,
            Exchange.Connection connection, boolean streamed, String named) {
        if (config.bodyLimit().exceededBy(HttpUtil.getContentLength(request, -1L))) {
            throw InvocationExchange.tooLarge(config.bodyLimit());
        }
        RequestContext context = ContextHeaders.of(request, log.requestId());
        log.attributesIn(context.customAttributes());
        InferenceService inference = named != null ? registry.serving(named)
                : models.forInvocations(context.targetModel());
        if (registry != null) {
            log.model(named != null ? named : context.targetModel());
        }
        InferenceService.Status status = inference.status();
        if (!status.ready()) {
            throw SkiffException.of(ErrorCode.MODEL_NOT_READY, status.reason());
        }
        return inference.raw()
                ? new RawExchange(ctx, request, log, connection, inference, config.bodyLimit(), context, streamed)
                : new InvocationExchange(ctx, request, log, connection, inference, config, capture, context,
                        streamed);
    }

    /** A request line or headers Netty could not parse. */
    private static SkiffException malformed(Throwable cause) {
        boolean tooLarge = cause instanceof TooLongFrameException;
        return SkiffException.of(tooLarge ? ErrorCode.HEADERS_TOO_LARGE : ErrorCode.BAD_REQUEST,
                tooLarge ? "the request line or headers are too long" : "not a valid HTTP request: "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
    }

    private void ping(Exchange exchange) {
        InferenceService.Status status = models.health();
        if (status.ready()) {
            exchange.respond(HttpResponseStatus.OK, "application/json", READY);
        } else {
            exchange.respondError(SkiffException.of(status.state() == InferenceService.State.STUCK
                    ? ErrorCode.MODEL_STUCK : ErrorCode.MODEL_NOT_READY, status.reason()));
        }
    }

    private static Exchange get(ChannelHandlerContext ctx, HttpRequest request, RequestLog log,
            Exchange.Connection connection, Consumer<Exchange> answer) {
        boolean ok = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        return new FixedExchange(ctx, request, log, connection, ok ? answer : e -> notAllowed(e, "GET"));
    }

    /** The route as metrics and the access log name it: a known path, a multi-model route's template, or "other". */
    private String route(String path) {
        if (ROUTES.contains(path)) {
            return path;
        }
        String route = modelRoutes == null ? null : ModelRoutes.route(path);
        return route == null ? "other" : route;
    }

    private RequestLog log(HttpRequest request, String route) {
        return new RequestLog(request, route, metrics, config.logCustomAttributes());
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
            g.writeNumberField("MaxPayloadInMB", config.bodyLimit().megabytes());
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }
}
