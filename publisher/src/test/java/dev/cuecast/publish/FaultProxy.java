package dev.cuecast.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A fault-injecting HTTP proxy (WireMock in proxy mode) in front of a real S3 emulator. Every request is forwarded
 * unless the current {@link Rule} says otherwise for it:
 * <ul>
 *   <li>{@link Fault#HANG}: held, never forwarded (a stuck request), then 503;</li>
 *   <li>{@link Fault#SLOW_DOWN}: answered 503 SlowDown without forwarding (throttling: nothing landed);</li>
 *   <li>{@link Fault#SLOW}: held for a while, then forwarded (a slow S3);</li>
 *   <li>{@link Fault#ERROR_AFTER_WRITE}: forwarded (the write lands), answered 500 InternalError;</li>
 *   <li>{@link Fault#RESET_AFTER_WRITE}: forwarded (the write lands), then the connection is reset;</li>
 *   <li>{@link Fault#LOST_RESPONSE}: forwarded (the write lands), the answer held until the client gives up.</li>
 * </ul>
 * The Host header is preserved, so SigV4 signatures made for the proxy's address still verify at the emulator.
 * {@link #awaitIdle} waits until every request the proxy took has been answered (a held write has landed or never
 * will), so a test checks the store after the last late landing instead of sleeping past it.
 */
final class FaultProxy implements AutoCloseable {
    enum Fault {
        PASS, HANG, SLOW_DOWN, SLOW, ERROR_AFTER_WRITE, RESET_AFTER_WRITE, LOST_RESPONSE
    }

    /** What one request (method, path with query) meets. */
    interface Rule extends Function<Call, Fault> {
    }

    record Call(String method, String url, int sequence) {
        boolean writes(String keySuffix) {
            return method.equals("PUT") && url.split("\\?")[0].endsWith(keySuffix);
        }

        boolean reads(String keySuffix) {
            return method.equals("GET") && url.split("\\?")[0].endsWith(keySuffix);
        }
    }

    private final WireMockServer server;
    private final AtomicReference<Rule> rule = new AtomicReference<>(call -> Fault.PASS);
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile long slowMs = 2_800;
    private volatile long holdMs = 30_000;
    private final AtomicInteger faults = new AtomicInteger();
    // Requests taken and not yet done with: forwarded ones until their target's answer is back (so a write has
    // landed), the others until the proxy has made up its answer. Guarded by itself; notified when it reaches 0.
    private final int[] inFlight = {0};

    FaultProxy(URI target) {
        StubRequestFilterV2 before = new StubRequestFilterV2() {
            @Override
            public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
                taken();
                Fault f = decide(request);
                if (f == Fault.HANG) {
                    sleep(holdMs);
                    done();
                    return RequestFilterAction.stopWith(s3Error(503, "ServiceUnavailable"));
                }
                if (f == Fault.SLOW_DOWN) {
                    done();
                    return RequestFilterAction.stopWith(s3Error(503, "SlowDown"));
                }
                if (f == Fault.SLOW) {
                    sleep(slowMs);
                }
                // the decision rides on the request to the response transformer (an unsigned header: SigV4 ignores it)
                return RequestFilterAction.continueWith(f == Fault.PASS || f == Fault.SLOW ? request
                        : RequestWrapper.create().addHeader(DECISION, f.name()).wrap(request));
            }

            @Override
            public String getName() {
                return "fault-before";
            }
        };
        ResponseTransformerV2 after = new ResponseTransformerV2() {
            @Override
            public Response transform(Response response, ServeEvent serveEvent) {
                Fault f = serveEvent.getRequest().getHeader(DECISION) == null ? Fault.PASS
                        : Fault.valueOf(serveEvent.getRequest().getHeader(DECISION));
                try {
                    return after(f, response);
                } finally {
                    if (response.isFromProxy()) {
                        done(); // the target has answered: whatever this request wrote has landed
                    } // else the filter answered it (HANG, SLOW_DOWN) and was done with it already
                }
            }

            private Response after(Fault f, Response response) {
                return switch (f) {
                    case ERROR_AFTER_WRITE -> Response.Builder.like(response).but().status(500)
                            .body("<Error><Code>InternalError</Code><Message>injected</Message></Error>").build();
                    case RESET_AFTER_WRITE -> Response.Builder.like(response).but()
                            .fault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
                    case LOST_RESPONSE -> {
                        sleep(holdMs);
                        yield response;
                    }
                    default -> response;
                };
            }

            @Override
            public String getName() {
                return "fault-after";
            }
        };
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().preserveHostHeader(true)
                .containerThreads(64).disableRequestJournal().extensions(before, after));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    private static final String DECISION = "X-Fault-Decision";

    private Fault decide(Request request) {
        Fault f = rule.get().apply(new Call(request.getMethod().getName(), request.getUrl(), sequence.incrementAndGet()));
        if (f != Fault.PASS) {
            faults.incrementAndGet();
        }
        return f;
    }

    private static ResponseDefinition s3Error(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>" + code + "</Code><Message>injected by the fault proxy</Message></Error>").build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void taken() {
        synchronized (inFlight) {
            inFlight[0]++;
        }
    }

    private void done() {
        synchronized (inFlight) {
            if (--inFlight[0] == 0) {
                inFlight.notifyAll();
            }
        }
    }

    /** Requests taken and not yet answered. */
    int inFlight() {
        synchronized (inFlight) {
            return inFlight[0];
        }
    }

    /** Waits until no request is in the proxy (held, forwarded or being answered); false if {@code limit} passed first. */
    boolean awaitIdle(java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (inFlight) {
            for (long left = limit.toNanos(); inFlight[0] > 0 && left > 0; left = deadline - System.nanoTime()) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(inFlight, left);
            }
            return inFlight[0] == 0;
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    void rule(Rule r) {
        rule.set(r);
    }

    void slowMs(long ms) {
        slowMs = ms;
    }

    void holdMs(long ms) {
        holdMs = ms;
    }

    int faults() {
        return faults.get();
    }

    @Override
    public void close() {
        server.stop();
    }
}
