package dev.cuecast.api.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** The server's Prometheus meters, one registry per server (no global registry). */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter cuesPublished = Counter.builder("cuecast.cues.published")
            .description("versions acknowledged to operators (cues, blackouts, settings)").register(registry);
    private final Counter conflicts = Counter.builder("cuecast.store.conflicts")
            .description("conditional writes that lost a race (412/409), retried by the publisher").register(registry);
    private final Counter timeRequests = Counter.builder("cuecast.time.requests")
            .description("GET /time answered").register(registry);
    private final Timer publishLatency = Timer.builder("cuecast.publish.latency")
            .description("request to pointer naming the new version")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);

    public Metrics() {
        // listed at 0 from the start, so a dashboard or an alert on them needs no first event
        for (String scope : new String[] {"address", "global"}) {
            registry.counter("cuecast.auth.throttled", "scope", scope);
        }
    }

    public void published(long nanos) {
        cuesPublished.increment();
        publishLatency.record(Duration.ofNanos(nanos));
    }

    void conflict() {
        conflicts.increment();
    }

    void timeRequest() {
        timeRequests.increment();
    }

    /** A wrong operator token answered 429: {@code scope} "address" (one address's budget) or "global" (all of them). */
    public void loginThrottled(String scope) {
        registry.counter("cuecast.auth.throttled", "scope", scope).increment();
    }

    public void error(String code) {
        registry.counter("cuecast.api.errors", "code", code).increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
