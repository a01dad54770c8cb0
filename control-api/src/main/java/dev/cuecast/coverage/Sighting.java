package dev.cuecast.coverage;

/**
 * One phone seen at the edge: a pointer poll or a state fetch, from one access-log line or real-time log record.
 *
 * @param phone the phone's random 64-bit id (its {@code ?p=} parameter)
 * @param atMs  when the edge answered, epoch ms on the edge's clock
 * @param holds the newest version this request shows the phone holding ({@code states/N.json} fetched, or the
 *              pointer poll's {@code h=N}); -1 when the request says nothing about it
 */
public record Sighting(long phone, long atMs, long holds) {
}
