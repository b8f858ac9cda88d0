package dev.skiff.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Request counters and timers, published as Prometheus text on {@code GET /metrics}. */
final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter rows = Counter.builder("skiff_rows").description("rows predicted").register(registry);

    HttpMetrics(Supplier<Number> activeRequests) {
        Gauge.builder("skiff_requests_active", () -> activeRequests.get())
                .description("requests being answered")
                .strongReference(true)
                .register(registry);
    }

    void record(String route, int status, long micros, long rows) {
        // one lookup per request in a small map, rather than building a meter id with tags each time
        timers.computeIfAbsent(route + ' ' + status, key -> Timer.builder("skiff_requests")
                        .description("HTTP requests by route and status")
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .record(micros, TimeUnit.MICROSECONDS);
        if (rows > 0) {
            this.rows.increment(rows);
        }
    }

    String scrape() {
        return registry.scrape();
    }
}
