package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.changes.ChangeFeed;
import dev.gantry.server.jobs.JobQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a resource, the same for every type: a request validates, writes the core and the
 * type's row in one transaction (state {@code pending}) and submits a job; the job moves the resource
 * through {@code creating}/{@code updating}/{@code deleting} to {@code ready} (or removes it), calling
 * the handler and with it the provider. Every write bumps the version (the ETag), appends a change and
 * a usage record in the same transaction.
 */
public final class ResourceService {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceService.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Provider provider;
    private final Map<String, ResourceHandler<?>> handlers = new LinkedHashMap<>();
    private final ResourceJobs jobs;

    private ResourceService(Jdbi jdbi, Clock clock, Provider provider, List<ResourceHandler<?>> handlers,
                            Function<ResourceService, ResourceJobs> jobs) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.provider = provider;
        for (ResourceHandler<?> h : handlers) {
            if (this.handlers.putIfAbsent(h.type(), h) != null) {
                throw new IllegalArgumentException("resource type registered twice: " + h.type());
            }
        }
        this.jobs = jobs.apply(this);
    }

    /** Create, update and remove steps run as jobs of the server's queue, by workers of any replica. */
    public static ResourceService queued(Jdbi jdbi, Clock clock, Provider provider, List<ResourceHandler<?>> handlers,
                                         JobQueue queue) {
        return new ResourceService(jdbi, clock, provider, handlers, service -> ResourceJobs.queued(queue));
    }

    /** Steps run in the request's thread once its transaction committed (see {@link ResourceJobs#inline}). */
    public static ResourceService inline(Jdbi jdbi, Clock clock, Provider provider, List<ResourceHandler<?>> handlers) {
        return new ResourceService(jdbi, clock, provider, handlers, ResourceJobs::inline);
    }

    public List<ResourceHandler<?>> handlers() {
        return List.copyOf(handlers.values());
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** What a write answers: the resource as it stands, and the job that carries it on (if queued). */
    public record Accepted<S>(Resource<S> resource, Optional<UUID> job) {
    }

    public <S> Accepted<S> create(ResourceHandler<S> handler, Optional<String> tenant, ResourceRequest<S> request,
                                  String caller) {
        validate(handler, request, true);
        Instant now = clock.instant();
        ResourceCore core = new ResourceCore(UUID.randomUUID(), handler.type(), tenant, request.name(),
                request.tags(), ResourceState.PENDING, now, now, 1);
        Accepted<S> accepted = jdbi.inTransaction(h -> {
            tenant.ifPresent(t -> Quotas.check(h, t, handler.type()));
            ResourceStore.insert(h, core);
            Metering.record(h, core, core.state().json(), now);
            Optional<UUID> queued = jobs.submit(h, ResourceJobs.Kind.CREATE, core, caller);
            // store may lock what the spec references (an instance's network): it comes last, so that
            // lock is held for as few statements as can be.
            Resource<S> created = Resource.of(core, handler.store(h, core, request.spec(), Optional.empty()));
            publish(h, "created", created, now);
            return new Accepted<>(created, queued);
        });
        jobs.afterCommit(ResourceJobs.Kind.CREATE, handler.type(), core.id());
        // Queued: the resource as stored, pending (no second read). Run inline: as the step left it.
        return accepted.job().isPresent() ? accepted
                : new Accepted<>(get(handler, tenant, ResourceKey.parse(core.id().toString())), Optional.empty());
    }

    public <S> Resource<S> get(ResourceHandler<S> handler, Optional<String> tenant, ResourceKey key) {
        return jdbi.withHandle(h -> {
            ResourceCore core = require(h, handler, tenant, key, false);
            return Resource.of(core, handler.load(h, core));
        });
    }

    public <S> Page<S> list(ResourceHandler<S> handler, Optional<String> tenant, ListQuery query) {
        return jdbi.inTransaction(h -> {
            List<ResourceCore> cores = ResourceStore.list(h, handler.type(), tenant, query);
            String next = null;
            if (cores.size() > query.limit()) {
                cores = cores.subList(0, query.limit());
                next = cores.getLast().name();
            }
            Map<UUID, S> specs = handler.loadAll(h, cores);
            return new Page<>(cores.stream().map(c -> Resource.of(c, specs.get(c.id()))).toList(), next);
        });
    }

    public <S> Accepted<S> update(ResourceHandler<S> handler, Optional<String> tenant, ResourceKey key,
                                  Optional<String> ifMatch, ResourceRequest<S> request, String caller) {
        validate(handler, request, false);
        UUID[] id = new UUID[1];
        Optional<UUID> job = jdbi.inTransaction(h -> {
            ResourceCore current = require(h, handler, tenant, key, true);
            checkVersion(current, ifMatch);
            settled(current, "update");
            S previous = handler.load(h, current);
            Instant now = clock.instant();
            ResourceCore next = new ResourceCore(current.id(), current.type(), current.tenant(), request.name(),
                    request.tags(), ResourceState.UPDATING, current.created(), now, current.version() + 1);
            ResourceStore.write(h, next);
            S stored = handler.store(h, next, request.spec(), Optional.of(previous));
            id[0] = next.id();
            Optional<UUID> queued = jobs.submit(h, ResourceJobs.Kind.UPDATE, next, caller);
            recordChange(h, "updated", next, stored, now);
            return queued;
        });
        jobs.afterCommit(ResourceJobs.Kind.UPDATE, handler.type(), id[0]);
        return new Accepted<>(get(handler, tenant, ResourceKey.parse(id[0].toString())), job);
    }

    /** Marks the resource {@code deleting} and submits its removal; 409 naming what still depends on it. */
    public <S> Optional<UUID> delete(ResourceHandler<S> handler, Optional<String> tenant, ResourceKey key,
                                     Optional<String> ifMatch, String caller) {
        UUID[] id = new UUID[1];
        Optional<UUID> job = jdbi.inTransaction(h -> {
            ResourceCore current = require(h, handler, tenant, key, true);
            checkVersion(current, ifMatch);
            id[0] = current.id();
            if (current.state() == ResourceState.DELETING) {
                return Optional.<UUID>empty();
            }
            List<String> dependents = handler.dependents(h, current);
            if (!dependents.isEmpty()) {
                throw ApiException.conflict(handler.type() + " " + current.name() + " is in use by "
                        + String.join(", ", dependents) + "; delete those first");
            }
            ResourceCore deleting = transition(h, handler, current, ResourceState.DELETING);
            return jobs.submit(h, ResourceJobs.Kind.REMOVE, deleting, caller);
        });
        jobs.afterCommit(ResourceJobs.Kind.REMOVE, handler.type(), id[0]);
        return job;
    }

    /**
     * Runs one job step for a resource; throws when the step failed (the resource is then in state
     * {@code error}). Safe to run again after a lost worker: a resource already gone, already ready, or
     * being deleted (for a create or update) is left alone.
     */
    public void run(ResourceJobs.Kind kind, String type, UUID id) {
        ResourceHandler<?> handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("no resource type " + type);
        }
        runStep(handler, kind, id);
    }

    private <S> void runStep(ResourceHandler<S> handler, ResourceJobs.Kind kind, UUID id) {
        ResourceState working = switch (kind) {
            case CREATE -> ResourceState.CREATING;
            case UPDATE -> ResourceState.UPDATING;
            case REMOVE -> ResourceState.DELETING;
        };
        Optional<ResourceJob<S>> job = jdbi.inTransaction(h -> ResourceStore.byId(h, id, true)
                .filter(core -> !done(kind, core.state()))
                .map(core -> {
                    ResourceCore now = core.state() == working ? core : transition(h, handler, core, working);
                    return new ResourceJob<>(now, handler.load(h, now), provider);
                }));
        if (job.isEmpty()) {
            LOG.info("{} {} {}: nothing (left) to do", kind, handler.type(), id);
            return;
        }
        try {
            switch (kind) {
                case CREATE -> handler.create(job.get());
                case UPDATE -> handler.update(job.get());
                case REMOVE -> handler.remove(job.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("{} of {} {} failed; it is now in state error", kind, handler.type(), id, e);
            jdbi.useTransaction(h -> ResourceStore.byId(h, id, true)
                    .ifPresent(core -> transition(h, handler, core, ResourceState.ERROR)));
            throw e;
        }
        jdbi.useTransaction(h -> ResourceStore.byId(h, id, true).ifPresent(core -> {
            if (kind == ResourceJobs.Kind.REMOVE) {
                remove(h, handler, core);
            } else {
                transition(h, handler, core, ResourceState.READY);
            }
        }));
    }

    /** Whether a step has nothing to do: created or updated already, or the resource is being deleted meanwhile. */
    private static boolean done(ResourceJobs.Kind kind, ResourceState state) {
        return kind != ResourceJobs.Kind.REMOVE && (state == ResourceState.READY || state == ResourceState.DELETING);
    }

    private <S> void remove(Handle h, ResourceHandler<S> handler, ResourceCore core) {
        S spec = handler.load(h, core);
        handler.release(h, core);
        ResourceStore.delete(h, core.id());
        Instant now = clock.instant();
        publish(h, "deleted", Resource.of(core, spec), now);
        Metering.record(h, core, Metering.DELETED, now);
    }

    private <S> ResourceCore transition(Handle h, ResourceHandler<S> handler, ResourceCore core, ResourceState state) {
        Instant now = clock.instant();
        ResourceCore next = new ResourceCore(core.id(), core.type(), core.tenant(), core.name(), core.tags(),
                state, core.created(), now, core.version() + 1);
        ResourceStore.write(h, next);
        recordChange(h, "updated", next, handler.load(h, next), now);
        return next;
    }

    private static <S> void recordChange(Handle h, String action, ResourceCore core, S spec, Instant at) {
        publish(h, action, Resource.of(core, spec), at);
        Metering.record(h, core, core.state().json(), at);
    }

    private static void publish(Handle h, String action, Resource<?> resource, Instant at) {
        ChangeFeed.append(h, resource.tenant(), resource.type(), resource.id(), action, resource, at);
    }

    private static <S> void validate(ResourceHandler<S> handler, ResourceRequest<S> request, boolean isNew) {
        Violations violations = new Violations();
        request.validate(violations);
        if (request.spec() != null) {
            handler.validate(request.spec(), isNew, violations);
        }
        violations.throwIfAny();
    }

    private static ResourceCore require(Handle h, ResourceHandler<?> handler, Optional<String> tenant,
                                        ResourceKey key, boolean forUpdate) {
        return ResourceStore.find(h, handler.type(), tenant, key,
                forUpdate ? ResourceStore.Lock.UPDATE : ResourceStore.Lock.NONE).orElseThrow(() ->
                ApiException.notFound("no " + handler.type() + " " + key.name()
                        + tenant.map(t -> " in tenant " + t).orElse("")));
    }

    /** 412 unless {@code If-Match} is absent, {@code *}, or names the current version. */
    private static void checkVersion(ResourceCore current, Optional<String> ifMatch) {
        if (ifMatch.isEmpty()) {
            return;
        }
        for (String tag : ifMatch.get().split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current.etag()) || t.equals("W/" + current.etag())) {
                return;
            }
        }
        throw new ApiException(412, "precondition-failed", "Precondition failed",
                current.type() + " " + current.name() + " is at version " + current.etag()
                        + ", not " + ifMatch.get() + "; read it again and retry");
    }

    /** An update must wait for the resource's current job; 409 while one runs. */
    private static void settled(ResourceCore core, String what) {
        if (core.state() != ResourceState.READY && core.state() != ResourceState.ERROR) {
            throw ApiException.conflict("cannot " + what + " " + core.type() + " " + core.name()
                    + " while it is " + core.state().json());
        }
    }
}
