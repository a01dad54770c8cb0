package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BLACKOUT: everything off now, every pending cue dropped. Never waits for a change in flight (it takes no lock),
 * reads only the pointer (it works over a missing or damaged state or pointer), hedges slow store calls, lists
 * nothing while the pointer reads, and answers within {@link PublisherConfig#blackoutBudgetMs()} whatever happens:
 * read-backs and the history entry included. Its version becomes the pointer's {@code blackout}, which refuses
 * every change built on an older version, from any writer.
 */
final class BlackoutPath {
    private static final Logger log = LoggerFactory.getLogger(BlackoutPath.class);
    private static final int MAX_ATTEMPTS = 50;

    private final PublisherConfig config;
    private final ShowStore show;
    private final PublishLoop loop;
    private final Clock clock;
    private final Backoff backoff;

    BlackoutPath(PublisherConfig config, ShowStore show, PublishLoop loop, Clock clock, Backoff backoff) {
        this.config = config;
        this.show = show;
        this.loop = loop;
        this.clock = clock;
        this.backoff = backoff;
    }

    Published press(String actor) {
        loop.blackoutStarted();
        Change change = new Change.Blackout(actor);
        long start = clock.millis();
        ShowStore.Budget budget = new ShowStore.Budget(start + config.blackoutBudgetMs(), config.blackoutCallMs(),
                config.hedgeAfterMs());
        PublishFailedException last = null;
        // an attempt whose outcome stayed unknown may have landed: the next one looks for it before writing again
        List<PublishLoop.Written> unsure = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && clock.millis() < budget.deadline(); attempt++) {
            try {
                ShowStore.PointerRead before = show.readPointer(budget);
                for (PublishLoop.Written w : unsure) {
                    if (loop.lineage(before, w.version(), w.publishId(), budget) == PublishLoop.Lineage.OURS) {
                        int pollMs = before.pointer().pollMs();
                        return loop.acknowledge(change, w, pollMs, w.state().publishedAt(), w.state().cues(), null,
                                loop.historyBudget(Math.max(budget.deadline(), clock.millis() + config.hedgeAfterMs())));
                    }
                }
                long now = clock.millis();
                long version = loop.nextVersion(before, budget);
                int pollMs = before.pointer() != null ? before.pointer().pollMs() : config.initialPollMs();
                List<Cue> cues = StateBuilder.blackout(now);
                Long builtOn = before.pointer() == null ? null : before.version();
                PublishLoop.Written written = loop.writeState(version, now, builtOn, cues, budget, false);
                Pointer pointer = Pointer.of(written.version(), pollMs, now, loop.epochOf(before))
                        .naming(written.publishId(), written.version()).inlining(written.state(), written.bytes());
                PublishLoop.Landing landing;
                try {
                    landing = loop.putPointer(pointer, before, written.publishId(), budget, budget.deadline(),
                            config.hedgeAfterMs());
                } catch (OutcomeUnknownException e) {
                    unsure.add(written);
                    throw e;
                }
                if (landing != PublishLoop.Landing.MOVED) {
                    return loop.acknowledge(change, written, pollMs, now, cues, before.problem(),
                            loop.historyBudget(Math.max(budget.deadline(), clock.millis() + config.hedgeAfterMs())));
                }
                log.debug("blackout version {} lost the pointer to another write; trying again", written.version());
            } catch (PublishFailedException e) {
                last = e;
                log.debug("blackout attempt {} failed: {}", attempt, e.getMessage());
                backoff.pause(Math.min(attempt, 3));
            }
        }
        if (!unsure.isEmpty()) {
            // a write of it may still land: not "nothing was published"
            throw new OutcomeUnknownException("blackout was sent, but the store did not confirm it within "
                    + config.blackoutBudgetMs() + " ms (" + (last == null ? "no answer" : last.getMessage())
                    + "); it may have landed: press it again", last);
        }
        throw new StoreUnavailableException("blackout could not be written within " + config.blackoutBudgetMs()
                + " ms" + (last == null ? "" : ": " + last.getMessage()) + "; press it again", last);
    }
}
