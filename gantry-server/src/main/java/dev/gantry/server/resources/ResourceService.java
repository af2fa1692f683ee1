package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    private ResourceJobs jobs;

    public ResourceService(Jdbi jdbi, Clock clock, Provider provider, List<ResourceHandler<?>> handlers) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.provider = provider;
        for (ResourceHandler<?> h : handlers) {
            if (this.handlers.putIfAbsent(h.type(), h) != null) {
                throw new IllegalArgumentException("resource type registered twice: " + h.type());
            }
        }
        this.jobs = ResourceJobs.inline(this);
    }

    /** Where create/update/remove steps run; inline until a job queue is given. Set once, at wiring. */
    public void runJobsWith(ResourceJobs queue) {
        this.jobs = queue;
    }

    public List<ResourceHandler<?>> handlers() {
        return List.copyOf(handlers.values());
    }

    Jdbi jdbi() {
        return jdbi;
    }

    public <S> Resource<S> create(ResourceHandler<S> handler, Optional<String> tenant, ResourceRequest<S> request) {
        validate(handler, request, true);
        Instant now = clock.instant();
        ResourceCore core = new ResourceCore(UUID.randomUUID(), handler.type(), tenant, request.name(),
                request.tags(), ResourceState.PENDING, now, now, 1);
        jdbi.useTransaction(h -> {
            ResourceStore.insert(h, core);
            S stored = handler.store(h, core, request.spec(), Optional.empty());
            recordChange(h, "created", core, stored, now);
        });
        jobs.submit(ResourceJobs.Kind.CREATE, handler.type(), core.id());
        return get(handler, tenant, ResourceKey.parse(core.id().toString()));
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
            return new Page<>(cores.stream().map(c -> Resource.of(c, handler.load(h, c))).toList(), next);
        });
    }

    public <S> Resource<S> update(ResourceHandler<S> handler, Optional<String> tenant, ResourceKey key,
                                  Optional<String> ifMatch, ResourceRequest<S> request) {
        validate(handler, request, false);
        UUID id = jdbi.inTransaction(h -> {
            ResourceCore current = require(h, handler, tenant, key, true);
            checkVersion(current, ifMatch);
            settled(current, "update");
            S previous = handler.load(h, current);
            Instant now = clock.instant();
            ResourceCore next = new ResourceCore(current.id(), current.type(), current.tenant(), request.name(),
                    request.tags(), ResourceState.UPDATING, current.created(), now, current.version() + 1);
            ResourceStore.write(h, next);
            S stored = handler.store(h, next, request.spec(), Optional.of(previous));
            recordChange(h, "updated", next, stored, now);
            return next.id();
        });
        jobs.submit(ResourceJobs.Kind.UPDATE, handler.type(), id);
        return get(handler, tenant, ResourceKey.parse(id.toString()));
    }

    /** Marks the resource {@code deleting} and submits its removal; 409 naming what still depends on it. */
    public <S> void delete(ResourceHandler<S> handler, Optional<String> tenant, ResourceKey key,
                           Optional<String> ifMatch) {
        UUID id = jdbi.inTransaction(h -> {
            ResourceCore current = require(h, handler, tenant, key, true);
            checkVersion(current, ifMatch);
            if (current.state() == ResourceState.DELETING) {
                return current.id();
            }
            List<String> dependents = handler.dependents(h, current);
            if (!dependents.isEmpty()) {
                throw ApiException.conflict(handler.type() + " " + current.name() + " is in use by "
                        + String.join(", ", dependents) + "; delete those first");
            }
            transition(h, handler, current, ResourceState.DELETING);
            return current.id();
        });
        jobs.submit(ResourceJobs.Kind.REMOVE, handler.type(), id);
    }

    /**
     * Runs one job step for a resource. Safe to run again after a crash: a resource already gone or
     * already past the step is left alone.
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
        Optional<ResourceJob<S>> job = jdbi.inTransaction(h -> ResourceStore.byId(h, id, true).map(core -> {
            ResourceCore now = core.state() == working ? core : transition(h, handler, core, working);
            return new ResourceJob<>(now, handler.load(h, now), provider);
        }));
        if (job.isEmpty()) {
            LOG.info("{} {}: resource {} is gone; nothing to do", kind, handler.type(), id);
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
            return;
        }
        jdbi.useTransaction(h -> ResourceStore.byId(h, id, true).ifPresent(core -> {
            if (kind == ResourceJobs.Kind.REMOVE) {
                remove(h, handler, core);
            } else {
                transition(h, handler, core, ResourceState.READY);
            }
        }));
    }

    private <S> void remove(Handle h, ResourceHandler<S> handler, ResourceCore core) {
        S spec = handler.load(h, core);
        handler.release(h, core);
        ResourceStore.delete(h, core.id());
        Instant now = clock.instant();
        ChangeLog.append(h, "deleted", Resource.of(core, spec), now);
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
        ChangeLog.append(h, action, Resource.of(core, spec), at);
        Metering.record(h, core, core.state().json(), at);
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
        return ResourceStore.find(h, handler.type(), tenant, key, forUpdate).orElseThrow(() ->
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
