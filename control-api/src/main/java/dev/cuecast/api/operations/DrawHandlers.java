package dev.cuecast.api.operations;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cuecast.api.http.Answer;
import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.http.Requests;
import dev.cuecast.api.http.Writes;
import dev.cuecast.cue.WinnersBitset;
import io.javalin.http.Context;
import java.util.Map;

/** Winner draws: create one (audited), and let staff check a seat's claim. */
public final class DrawHandlers {
    private final Draws draws;
    private final Requests requests;
    private final Writes writes;
    private final Station station;

    public DrawHandlers(Draws draws, Requests requests, Writes writes, Station station) {
        this.draws = draws;
        this.requests = requests;
        this.writes = writes;
        this.station = station;
    }

    public void createDraw(Context ctx) {
        writes.answer(ctx, () -> {
            Draw draw = draws.create(requests.decode(ctx, DrawRequest.class), station.actor(Requests.actor(ctx)));
            return Answer.created(Map.of("draw", draw.draw(), "count", draw.count(), "seats", draw.seats()));
        });
    }

    public void checkSeat(Context ctx) {
        String id = ctx.pathParam("draw");
        Draw draw = draws.find(id).orElseThrow(() -> ApiException.notFound("no draw \"" + id + "\""));
        int seat = Requests.intParam(ctx.pathParam("seat"), -1, 0, draw.seats() - 1, "seat");
        ctx.json(new SeatCheck(draw.draw(), seat, WinnersBitset.isWinner(draw.bits(), seat)));
    }

    @JsonPropertyOrder({"draw", "seat", "winner"})
    record SeatCheck(String draw, int seat, boolean winner) {
    }
}
