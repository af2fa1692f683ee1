package dev.gantry.server.resources;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import dev.gantry.server.changes.ChangeFeed;
import dev.gantry.server.changes.ChangeStream;
import dev.gantry.server.jobs.JobHandler;
import dev.gantry.server.jobs.JobKinds;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The routes of one resource type, the same for every type: list (with filters, pages and
 * {@code ?watch=true}), create, get, replace and delete, under {@code /tenants/{tenant}/<type>} or,
 * for a global type, {@code /<type>} (reads for everyone with the read scope, writes for admins).
 */
public final class ResourceModule<S> implements ApiModule, JobKinds {
    private static final String JOBS = "/api/v1/jobs/";
    private static final TypeReference<Resource<JsonNode>> RESOURCE = new TypeReference<>() {
    };

    private final ResourceHandler<S> handler;
    private final ResourceService service;
    private final TenantGate gate;
    private final Duration watchPoll;

    public ResourceModule(ResourceHandler<S> handler, ResourceService service, TenantGate gate, Duration watchPoll) {
        this.handler = handler;
        this.service = service;
        this.gate = gate;
        this.watchPoll = watchPoll;
    }

    @Override
    public String name() {
        return handler.type();
    }

    @Override
    public String description() {
        return handler.description();
    }

    @Override
    public void register(Routes routes) {
        String type = handler.type();
        String base = handler.global() ? "/" + type : "/tenants/{tenant}/" + type;
        String item = base + "/{key}";
        Access write = handler.global() ? Access.ADMIN : Access.WRITE;
        Type request = Routes.parameterized(ResourceRequest.class, handler.specType());
        Type resource = Routes.parameterized(Resource.class, handler.specType());
        Type page = Routes.parameterized(Page.class, handler.specType());

        routes.get(base).summary("List " + type).returns(page)
                .description("Ordered by name. With `watch=true` the answer is a stream of Server-Sent Events "
                        + "instead: one per change (`event` created, updated or deleted; `id` the change's "
                        + "sequence number, for `Last-Event-ID`; `data` the resource) that passes the filters.")
                .query("tag", String.class, "key=value[,key=value…]: only resources with all these tags")
                .query("prefix", String.class, "only names starting with this")
                .query("state", String.class, "only resources in this state")
                .query("limit", Integer.class, "page size, 1-" + ListQuery.MAX_LIMIT + " (default "
                        + ListQuery.DEFAULT_LIMIT + ")")
                .query("after", String.class, "the `next` of the previous page")
                .query("watch", Boolean.class, "stream changes as Server-Sent Events")
                .handle(req -> {
                    Optional<String> tenant = tenant(req);
                    ListQuery query = ListQuery.of(req);
                    if (req.flag("watch")) {
                        long after = ChangeFeed.startAfter(service.jdbi(), req.header("Last-Event-ID"));
                        ChangeStream watch = new ChangeStream(service.jdbi(), type, tenant,
                                node -> query.matches(Json.mapper().convertValue(node, RESOURCE)), watchPoll);
                        return Reply.stream("text/event-stream", out -> watch.stream(after, out));
                    }
                    return service.list(handler, tenant, query);
                });
        routes.post(base).summary("Create a " + singular()).access(write).body(request).returns(resource)
                .status(202)
                .description("Validates, stores the resource in state `pending` and runs its create job; "
                        + "the answer is the resource as it stands when the job was submitted (or ran).")
                .handle(req -> {
                    Optional<String> tenant = tenant(req);
                    ResourceRequest<S> body = req.body(request);
                    return accepted(service.create(handler, tenant, body, req.caller().name()));
                });
        routes.get(item).summary("Get a " + singular() + " by name or id").returns(resource)
                .handle(req -> {
                    Resource<S> r = service.get(handler, tenant(req), ResourceKey.parse(req.param("key")));
                    return Reply.of(200, r).header("ETag", ResourceCore.etag(r.version()));
                });
        routes.put(item).summary("Replace a " + singular() + "'s name, tags and spec").access(write)
                .body(request).returns(resource).status(202)
                .description("`If-Match` with the resource's ETag makes this fail with 412 when the resource "
                        + "changed since it was read.")
                .handle(req -> {
                    Optional<String> tenant = tenant(req);
                    ResourceRequest<S> body = req.body(request);
                    return accepted(service.update(handler, tenant, ResourceKey.parse(req.param("key")),
                            req.header("If-Match"), body, req.caller().name()));
                });
        routes.delete(item).summary("Delete a " + singular()).access(write).status(202)
                .description("409 naming the resources that depend on it; `If-Match` as for PUT.")
                .handle(req -> {
                    Optional<UUID> job = service.delete(handler, tenant(req), ResourceKey.parse(req.param("key")),
                            req.header("If-Match"), req.caller().name());
                    Reply reply = Reply.of(202, null);
                    job.ifPresent(id -> reply.header("Location", JOBS + id));
                    return reply;
                });
    }

    private Optional<String> tenant(ApiRequest req) {
        if (handler.global()) {
            return Optional.empty();
        }
        String tenant = req.param("tenant");
        gate.admit(req.caller(), tenant);
        return Optional.of(tenant);
    }

    /**
     * 202 with the resource; {@code Location} is the job carrying the write on when one was queued
     * (the resource itself otherwise), {@code Content-Location} the resource.
     */
    private Reply accepted(ResourceService.Accepted<S> accepted) {
        Resource<S> r = accepted.resource();
        String self = (r.tenant() == null ? "/api/v1/" : "/api/v1/tenants/" + r.tenant() + "/") + r.type()
                + "/" + r.id();
        return Reply.accepted(accepted.job().map(id -> JOBS + id).orElse(self), r)
                .header("Content-Location", self).header("ETag", ResourceCore.etag(r.version()));
    }

    /** The create, update and remove steps of this type, for the workers of every replica. */
    @Override
    public Map<String, JobHandler> jobHandlers() {
        Map<String, JobHandler> handlers = new LinkedHashMap<>();
        for (ResourceJobs.Kind kind : ResourceJobs.Kind.values()) {
            handlers.put(kind.of(handler.type()), run -> {
                run.step(kind.name().toLowerCase(java.util.Locale.ROOT) + " at the provider");
                service.run(kind, handler.type(), run.resourceId().orElseThrow(() ->
                        new IllegalStateException("job " + run.jobId() + " names no resource")));
                return null;
            });
        }
        return handlers;
    }

    private String singular() {
        String type = handler.type();
        return type.endsWith("s") ? type.substring(0, type.length() - 1) : type;
    }
}
