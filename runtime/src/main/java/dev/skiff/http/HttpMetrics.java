package dev.skiff.http;

import dev.skiff.capture.Capture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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

    /** Publishes capture's counts: {@code skiff_capture_records_total{outcome=written|dropped|lost}}, its queue. */
    void bind(Capture capture) {
        for (String outcome : new String[] {"written", "dropped", "lost"}) {
            FunctionCounter.builder("skiff_capture_records", capture, c -> switch (outcome) {
                case "written" -> c.written();
                case "dropped" -> c.dropped();
                default -> c.lost();
            }).description("captured records by outcome: written to the sink, dropped (queue full), lost (sink "
                    + "failed)").tag("outcome", outcome).register(registry);
        }
        Gauge.builder("skiff_capture_queued", capture, Capture::queued)
                .description("captured records waiting for the sink").register(registry);
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
