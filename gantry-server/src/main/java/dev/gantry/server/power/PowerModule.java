package dev.gantry.server.power;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.server.jobs.Job;
import dev.gantry.server.jobs.JobHandler;
import dev.gantry.server.jobs.JobKinds;
import java.util.Map;

/**
 * {@code /api/v1/instances/{gantryId}/actions/{action}} and {@code …/status}: power of the fleet's
 * guests, found by gantryId in the inventory. Admin only: the inventory is the whole fleet, not a
 * tenant's, and the actions' jobs are server-wide jobs, which only admins read.
 */
public final class PowerModule implements ApiModule, JobKinds {
    private final PowerService power;

    public PowerModule(PowerService power) {
        this.power = power;
    }

    @Override
    public String name() {
        return "power";
    }

    @Override
    public String description() {
        return "Power: start, stop, shut down, reset, reboot, suspend and resume inventory guests; their live status";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/instances/{gantryId}/actions/{action}").summary("Run a power action on a guest, as a job")
                .access(Access.ADMIN)
                .description("`action` is one of " + String.join(", ", PowerAction.names()) + ". The guest is found "
                        + "by gantryId in the latest inventory snapshot, then where it is now. 202 with the job "
                        + "(Location: /api/v1/jobs/{id}), which starts the action and follows the provider's task "
                        + "(Proxmox UPID) to its end. 400 for an unknown action, 404 for an unknown guest, 422 for "
                        + "an action the guest's type lacks (reset on lxc), 409 when its state does not allow it "
                        + "(stopping a stopped guest), 503 when its cluster does not answer.")
                .returns(Job.class).status(202)
                .handle(req -> {
                    Job job = power.act(req.param("gantryId"), req.param("action"), req.caller().name());
                    return Reply.accepted("/api/v1/jobs/" + job.id(), job);
                });
        routes.get("/instances/{gantryId}/status").summary("A guest's live power state, from its provider")
                .access(Access.ADMIN)
                .description("Asked of the provider now (Proxmox `status/current`), not read from the inventory. "
                        + "404 for an unknown guest, 503 when its cluster does not answer.")
                .returns(PowerService.InstanceStatus.class)
                .handle(req -> power.status(req.param("gantryId")));
    }

    @Override
    public Map<String, JobHandler> jobHandlers() {
        return power.jobHandlers();
    }
}
