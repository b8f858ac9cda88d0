package dev.skiff.http;

import dev.skiff.codec.Formats;
import dev.skiff.registry.ModelName;
import dev.skiff.registry.ModelPage;
import dev.skiff.registry.ModelRegistry;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The routes of SageMaker's multi-model contract, beside {@code /models/{name}/invoke} (which the {@link Router}
 * answers as {@code /invocations}): {@code POST /models} loads, {@code GET /models} lists (paged by
 * {@code next_page_token}), {@code GET /models/{name}} describes, {@code DELETE /models/{name}} unloads. Part of the
 * router: the head checks for these routes are here (method 405, name 400, declared length 413, content type 415).
 */
final class ModelRoutes {
    static final String MODELS = "/models";
    static final String MODEL = "/models/{name}";
    static final String INVOKE = "/models/{name}/invoke";
    /** {@code GET /models} answers this many models a page unless {@code limit} says otherwise. */
    static final int PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final ModelRegistry registry;
    private final HttpMetrics metrics;

    ModelRoutes(ModelRegistry registry, HttpMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** The route {@code path} is, as metrics and logs name it; {@code null} when it is none of these. */
    static String route(String path) {
        if (path.equals(MODELS)) {
            return MODELS;
        }
        if (!path.startsWith(MODELS + "/")) {
            return null;
        }
        int slash = path.indexOf('/', MODELS.length() + 1);
        if (slash < 0) {
            return MODEL;
        }
        return path.substring(slash).equals("/invoke") ? INVOKE : null;
    }

    /** The {@code {name}} of a {@link #MODEL} or {@link #INVOKE} path, checked: 400 when it cannot be a name. */
    static String name(String path) {
        int start = MODELS.length() + 1;
        int slash = path.indexOf('/', start);
        return ModelName.check(path.substring(start, slash < 0 ? path.length() : slash));
    }

    /** The exchange for a {@link #MODELS} or {@link #MODEL} request. */
    Exchange exchange(ChannelHandlerContext ctx, HttpRequest request, String route, String path, RequestLog log,
            Exchange.Connection connection) {
        HttpMethod method = request.method();
        if (route.equals(MODELS)) {
            if (method.equals(HttpMethod.POST)) {
                checkLoadHead(request);
                return new ManagementExchange(ctx, request, log, connection, true, this::load);
            }
            if (method.equals(HttpMethod.GET)) {
                return answer(ctx, request, log, connection, list(request.uri()));
            }
            throw notAllowed(method, path, "GET, POST");
        }
        String name = name(path);
        if (method.equals(HttpMethod.GET)) {
            return answer(ctx, request, log, connection, () -> ModelsJson.model(registry.describe(name)));
        }
        if (method.equals(HttpMethod.DELETE)) {
            return new ManagementExchange(ctx, request, log, connection, false, body -> unload(name));
        }
        throw notAllowed(method, path, "GET, DELETE");
    }

    private interface Now {
        byte[] json();
    }

    private static Exchange answer(ChannelHandlerContext ctx, HttpRequest request, RequestLog log,
            Exchange.Connection connection, Now json) {
        return new ManagementExchange(ctx, request, log, connection, false,
                body -> CompletableFuture.completedFuture(json.json()));
    }

    private CompletableFuture<byte[]> load(byte[] body) {
        ModelsJson.LoadRequest asked = ModelsJson.loadRequest(body);
        return registry.load(asked.name(), asked.url()).thenApply(ModelsJson::model);
    }

    private CompletableFuture<byte[]> unload(String name) {
        return registry.unload(name).thenApply(info -> {
            metrics.forget(name);
            return ModelsJson.model(info);
        });
    }

    /** {@code GET /models?next_page_token=...&limit=...}: the query is checked at once, the page made later. */
    private Now list(String uri) {
        Map<String, List<String>> query = new QueryStringDecoder(uri).parameters();
        String token = single(query, "next_page_token");
        if (token != null) {
            try {
                ModelName.check(token);
            } catch (SkiffException e) {
                throw SkiffException.of(ErrorCode.BAD_REQUEST, "next_page_token '" + token + "' is not one this "
                        + "server gave: send the nextPageToken of the previous page");
            }
        }
        String limitText = single(query, "limit");
        int limit = PAGE;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw SkiffException.of(ErrorCode.BAD_REQUEST, "limit '" + limitText + "' is not a number from 1 to "
                        + MAX_PAGE);
            }
        }
        int pageSize = limit;
        return () -> {
            ModelPage page = registry.list(token, pageSize);
            return ModelsJson.page(page);
        };
    }

    private static String single(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw SkiffException.of(ErrorCode.BAD_REQUEST, key + " is given " + values.size() + " times");
        }
        return values.get(0).isEmpty() ? null : values.get(0);
    }

    /** {@code POST /models}: a body that says it is too large (413) or is not JSON (415) is refused unread. */
    private static void checkLoadHead(HttpRequest request) {
        if (HttpUtil.getContentLength(request, -1L) > ManagementExchange.MAX_BODY_BYTES) {
            throw ManagementExchange.tooLarge();
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && !type.isBlank()) {
            String bare = Formats.bare(type);
            if (!bare.equals("application/json") && !bare.endsWith("+json")) {
                throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, "POST /models reads application/json, "
                        + "not '" + type + "'");
            }
        }
    }

    private static SkiffException notAllowed(HttpMethod method, String path, String allowed) {
        return SkiffException.of(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path + "; use "
                + allowed);
    }
}
