package dev.cuecast.api.operations;

import dev.cuecast.api.http.ApiError;
import dev.cuecast.api.http.ApiException;
import dev.cuecast.timebase.TimeBase;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/clock}: how this server's time base stands against the phones' time source (operator page). */
public final class ClockStatus {
    private final TimeBase timeBase;

    public ClockStatus(TimeBase timeBase) {
        this.timeBase = timeBase;
    }

    public void get(Context ctx) {
        ctx.json(body(timeBase.status()));
    }

    /** 503 clock_unsynced, saying why and where this server looks for the time, while it cannot stamp a cue. */
    public static void requireSynced(TimeBase timeBase) {
        TimeBase.Status s = timeBase.status();
        if (!s.synced()) {
            throw new ApiException(ApiError.CLOCK_UNSYNCED, s.problem() + ". Cues are refused until this server's clock"
                    + " is synced to the phones' time source (check --time-url and that it answers); BLACKOUT still works.",
                    body(s));
        }
    }

    static Map<String, Object> body(TimeBase.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("synced", s.synced());
        out.put("offset_ms", finite(s.offsetMs()));
        out.put("uncertainty_ms", finite(s.uncertaintyMs()));
        out.put("rtt_ms", finite(s.rttMs()));
        out.put("source", s.source());
        out.put("samples", s.samples());
        out.put("problem", s.problem());
        return out;
    }

    /** One decimal is plenty for ms; JSON has no NaN. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : null;
    }
}
