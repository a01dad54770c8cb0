package dev.cuecast.coverage;

/**
 * One phone seen at the edge: a pointer poll or a state fetch, from one access-log line or real-time log record.
 *
 * @param phone the phone's random 64-bit id (its {@code ?p=} parameter)
 * @param atMs  when the edge answered, epoch ms on the edge's clock
 * @param holds the newest version this request shows the phone holding ({@code states/N.json} fetched, or the
 *              pointer poll's {@code h=N}); -1 when the request says nothing about it
 * @param epoch {@link #epochKey(String)} of the store epoch that version belongs to (the request's {@code e=});
 *              0 when the request names none (an app from before epochs were sent)
 */
public record Sighting(long phone, long atMs, long holds, long epoch) {

    /** A sighting that names no epoch. */
    public Sighting(long phone, long atMs, long holds) {
        this(phone, atMs, holds, 0);
    }

    /**
     * A store epoch (1 to 32 of [A-Za-z0-9_-]) as 64 bits: FNV-1a, so a phone costs a long rather than a string, and
     * a log full of made-up epochs costs no memory. Never 0 (0 is "no epoch"); null gives 0.
     */
    public static long epochKey(String epoch) {
        if (epoch == null || epoch.isEmpty()) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < epoch.length(); i++) {
            h ^= epoch.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
