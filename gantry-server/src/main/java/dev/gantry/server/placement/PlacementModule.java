package dev.gantry.server.placement;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;

/**
 * {@code POST /api/v1/placement}: where new guests would go, and why. Admin only, as the clusters
 * API: its answer shows every node's capacity and allocation across the fleet, which no tenant sees.
 */
public final class PlacementModule implements ApiModule {
    private final Placement placement;

    public PlacementModule(Placement placement) {
        this.placement = placement;
    }

    @Override
    public String name() {
        return "placement";
    }

    @Override
    public String description() {
        return "Placement: which nodes new guests would go to, with each node's score and its inputs";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/placement").summary("Choose nodes for new guests (changes nothing)").access(Access.ADMIN)
                .description("Scores the online nodes of registered clusters in the latest inventory snapshot "
                        + "(see docs/server/placement.md) and returns one choice per guest, each pick counted "
                        + "before the next is scored, so `count` guests spread over nodes. 422 when no node fits; "
                        + "400 on bad input. Nothing is reserved: the answer is advice.")
                .body(PlacementRequest.class).returns(Placement.Result.class).status(200)
                .handle(req -> placement.choose(req.body(PlacementRequest.class)));
    }
}
