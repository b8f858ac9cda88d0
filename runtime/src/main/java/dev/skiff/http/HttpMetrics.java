package dev.skiff.http;

import dev.skiff.capture.Capture;
import dev.skiff.registry.ModelRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Request counters and timers, published as Prometheus text on {@code GET /metrics}. In multi-model mode the request
 * timers and the row counter carry a {@code model} label, and a model's series are dropped when it is unloaded. Only a
 * model loaded when its request is recorded gets its own series: requests for other names (none such, still loading,
 * just unloaded) count under an empty label, so that clients cannot make series without end, and a request answered
 * as its model is unloaded cannot bring back the series {@link #forget} dropped.
 */
final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> rows = new ConcurrentHashMap<>();
    private final boolean perModel;
    private final Predicate<String> loaded;

    HttpMetrics(Supplier<Number> activeRequests) {
        this(activeRequests, null);
    }

    /** @param loaded whether a model of that name is loaded; {@code null}: requests carry no model label */
    HttpMetrics(Supplier<Number> activeRequests, Predicate<String> loaded) {
        this.perModel = loaded != null;
        this.loaded = loaded;
        if (!perModel) {
            rows.put("", Counter.builder("skiff_rows").description("rows predicted").register(registry));
        }
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

    /**
     * Publishes the multi-model registry: {@code skiff_models_loaded}, and per account ({@code heap},
     * {@code native}) {@code skiff_models_memory_used_bytes} and {@code skiff_models_memory_budget_bytes}.
     */
    void bind(ModelRegistry models) {
        Gauge.builder("skiff_models_loaded", models, ModelRegistry::loadedCount).description("models loaded")
                .register(registry);
        Gauge.builder("skiff_models_memory_used_bytes", models, ModelRegistry::heapUsed).tag("account", "heap")
                .description("memory the loaded models take, by account").register(registry);
        Gauge.builder("skiff_models_memory_used_bytes", models, ModelRegistry::nativeUsed).tag("account", "native")
                .description("memory the loaded models take, by account").register(registry);
        Gauge.builder("skiff_models_memory_budget_bytes", models, ModelRegistry::heapBudget).tag("account", "heap")
                .description("memory the loaded models may take, by account").register(registry);
        Gauge.builder("skiff_models_memory_budget_bytes", models, ModelRegistry::nativeBudget)
                .tag("account", "native").description("memory the loaded models may take, by account")
                .register(registry);
    }

    void record(String route, int status, long micros, long rows, String model) {
        String label = perModel ? model : "";
        // one lookup per request in a small map, rather than building a meter id with tags each time
        String key = route + ' ' + status + ' ' + label;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = newTimer(route, status, label);
        }
        timer.record(micros, TimeUnit.MICROSECONDS);
        if (rows > 0) {
            Counter counter = this.rows.get(label);
            (counter != null ? counter : newRowCounter(label)).increment(rows);
        }
    }

    /**
     * Series are made and dropped under one lock, and made only for a loaded model: {@link ModelRoutes} forgets a model
     * after the registry has stopped counting it as loaded, so a series is either made before it is forgotten, and
     * dropped with it, or not made at all.
     */
    private synchronized Timer newTimer(String route, int status, String model) {
        String label = labelled(model);
        return timers.computeIfAbsent(route + ' ' + status + ' ' + label, key -> {
            Timer.Builder timer = Timer.builder("skiff_requests").description("HTTP requests by route and status")
                    .tag("route", route).tag("status", Integer.toString(status));
            return (perModel ? timer.tag("model", label) : timer).register(registry);
        });
    }

    private synchronized Counter newRowCounter(String model) {
        String label = labelled(model);
        return rows.computeIfAbsent(label, key -> {
            Counter.Builder counter = Counter.builder("skiff_rows").description("rows predicted");
            return (perModel ? counter.tag("model", label) : counter).register(registry);
        });
    }

    private String labelled(String model) {
        return perModel && !model.isEmpty() && loaded.test(model) ? model : "";
    }

    /** Drops an unloaded model's series, so that thousands of models coming and going do not pile up. */
    synchronized void forget(String model) {
        timers.entrySet().removeIf(e -> e.getKey().endsWith(' ' + model) && remove(e.getValue()));
        Counter counter = rows.remove(model);
        if (counter != null) {
            remove(counter);
        }
    }

    private boolean remove(Meter meter) {
        registry.remove(meter);
        return true;
    }

    String scrape() {
        return registry.scrape();
    }
}
