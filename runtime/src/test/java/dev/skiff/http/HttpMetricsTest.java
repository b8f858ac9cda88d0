package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
    private static final String INVOKE = "/models/{name}/invoke";

    @Test
    void aRequestAnsweredAfterItsModelWasForgottenDoesNotBringItsSeriesBack() {
        Set<String> loaded = ConcurrentHashMap.newKeySet();
        HttpMetrics metrics = new HttpMetrics(() -> 0, loaded::contains);
        loaded.add("m");
        metrics.record(INVOKE, 200, 1_000, 3, "m");
        assertThat(metrics.scrape()).contains(
                "skiff_requests_seconds_count{model=\"m\",route=\"/models/{name}/invoke\",status=\"200\"} 1",
                "skiff_rows_total{model=\"m\"} 3.0");

        loaded.remove("m"); // the registry stops counting it as loaded, then the routes forget it
        metrics.forget("m");
        assertThat(metrics.scrape()).doesNotContain("model=\"m\"");

        // a request that took the model before the unload, and is answered only now (or refused: 503)
        metrics.record(INVOKE, 200, 1_000, 2, "m");
        metrics.record(INVOKE, 503, 1_000, 0, "m");
        assertThat(metrics.scrape()).doesNotContain("model=\"m\"").contains(
                "skiff_requests_seconds_count{model=\"\",route=\"/models/{name}/invoke\",status=\"200\"} 1",
                "skiff_requests_seconds_count{model=\"\",route=\"/models/{name}/invoke\",status=\"503\"} 1",
                "skiff_rows_total{model=\"\"} 2.0");

        loaded.add("m"); // loaded again under the same name: its series start afresh
        metrics.record(INVOKE, 200, 1_000, 1, "m");
        assertThat(metrics.scrape()).contains(
                "skiff_requests_seconds_count{model=\"m\",route=\"/models/{name}/invoke\",status=\"200\"} 1",
                "skiff_rows_total{model=\"m\"} 1.0");
    }

    @Test
    void withoutModelsRequestsCarryNoModelLabel() {
        HttpMetrics metrics = new HttpMetrics(() -> 0);
        metrics.record("/invocations", 200, 1_000, 4, "ignored");
        assertThat(metrics.scrape()).contains("skiff_requests_seconds_count{route=\"/invocations\",status=\"200\"} 1",
                "skiff_rows_total 4.0").doesNotContain("model=");
    }
}
