package dev.gantry.agent.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.packages.Change;
import dev.gantry.agent.backend.packages.HistoryEntry;
import dev.gantry.agent.backend.packages.Package;
import dev.gantry.agent.backend.packages.PackageDetails;
import dev.gantry.agent.backend.packages.PackageManager;
import dev.gantry.agent.backend.packages.PackageNames;
import dev.gantry.agent.backend.packages.PackageUpdate;
import dev.gantry.agent.backend.packages.Repository;
import dev.gantry.agent.backend.packages.RepositoryIds;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import dev.gantry.common.jobs.Job;
import dev.gantry.common.jobs.JobManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/packages}: the host's packages through its package manager (apt, dnf or tdnf, found
 * at start), with the same routes for all. Reads answer at once; changes (install, remove, update,
 * download, clean, refresh) run as jobs, one at a time, answering 202 with the job.
 */
public final class PackagesModule implements ApiModule {
    static final int MAX_PACKAGES = 100;

    private final PackageManager manager;
    private final Transactions transactions;

    public PackagesModule(PackageManager manager, JobManager jobs) {
        this.manager = manager;
        this.transactions = new Transactions(jobs, manager);
    }

    /** Body of install: the packages to install. */
    public record InstallRequest(List<String> packages) implements Validated {
        @Override
        public void validate(Violations v) {
            checkNames(v, packages, true);
        }
    }

    /**
     * Body of remove: the packages, and whether to purge their configuration too (apt; dnf and tdnf
     * have none to purge). {@code purge} may be left out (false).
     */
    public record RemoveRequest(List<String> packages, Boolean purge) implements Validated {
        public boolean purging() {
            return Boolean.TRUE.equals(purge);
        }

        @Override
        public void validate(Violations v) {
            checkNames(v, packages, true);
        }
    }

    /** Body of update: the packages to update; none (or an empty list) updates every package. */
    public record UpdateRequest(List<String> packages) implements Validated {
        @Override
        public void validate(Violations v) {
            checkNames(v, packages, false);
        }
    }

    /** Body of download: the packages and the absolute path of an existing directory to put their files in. */
    public record DownloadRequest(List<String> packages, String directory) implements Validated {
        @Override
        public void validate(Violations v) {
            checkNames(v, packages, true);
            v.check(directory != null && directory.startsWith("/") && !directory.contains("..")
                            && directory.matches("[A-Za-z0-9._/+@-]+")
                            && Path.of(directory).normalize().toString().equals(directory),
                    "directory", "path", "an absolute, normalised path of letters, digits and . _ / + @ -", directory);
        }
    }

    /** Body of a repository change. */
    public record RepositoryChange(Boolean enabled) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(enabled != null, "enabled", "required", "true or false", null);
        }
    }

    /** Which package manager serves this host. */
    public record Manager(String name) {
    }

    static void checkNames(Violations v, List<String> packages, boolean required) {
        if (packages == null || packages.isEmpty()) {
            v.check(!required, "packages", "required", "at least one package name", packages);
            return;
        }
        if (!v.check(packages.size() <= MAX_PACKAGES, "packages", "size", "at most " + MAX_PACKAGES + " packages",
                packages.size())) {
            return;
        }
        for (int i = 0; i < packages.size(); i++) {
            String name = packages.get(i);
            v.check(PackageNames.valid(name), "packages[" + i + "]", "pattern", PackageNames.rule(), name);
        }
    }

    private static String checkedName(String name, String field) {
        if (!PackageNames.valid(name)) {
            throw ApiException.invalid(field, "pattern", PackageNames.rule(), name);
        }
        return name;
    }

    @Override
    public String name() {
        return "packages";
    }

    @Override
    public String description() {
        return "Packages: list, search, install, remove and update them through apt, dnf or tdnf";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/packages").summary("List packages: installed (default), available or upgradable")
                .returnsListOf(Package.class)
                .query("scope", String.class, "installed (default), available (offered, not installed) or upgradable")
                .query("name", String.class, "only packages whose name contains this")
                .handle(req -> {
                    String scope = req.query("scope").orElse("installed");
                    PackageManager.Scope s = switch (scope) {
                        case "installed" -> PackageManager.Scope.INSTALLED;
                        case "available" -> PackageManager.Scope.AVAILABLE;
                        case "upgradable" -> PackageManager.Scope.UPGRADABLE;
                        default -> throw ApiException.invalid("scope", "enum", "installed, available or upgradable", scope);
                    };
                    Optional<String> name = req.query("name");
                    name.ifPresent(n -> {
                        if (!PackageNames.validTerm(n)) {
                            throw ApiException.invalid("name", "pattern", PackageNames.rule(), n);
                        }
                    });
                    return manager.list(s, name);
                });
        routes.get("/packages/manager").summary("Show which package manager serves this host").returns(Manager.class)
                .handle(req -> new Manager(manager.name()));
        routes.get("/packages/search").summary("Search packages by name and summary").returnsListOf(Package.class)
                .query("q", String.class, "what to look for (required)")
                .handle(req -> {
                    String q = req.query("q").orElseThrow(() ->
                            ApiException.invalid("q", "required", "a search term", null));
                    if (!PackageNames.validTerm(q)) {
                        throw ApiException.invalid("q", "pattern", PackageNames.rule(), q);
                    }
                    return manager.search(q);
                });
        routes.get("/packages/updates").summary("List available updates of installed packages (check-update)")
                .description("Uses the metadata the manager has; POST /packages/refresh fetches new metadata first.")
                .returnsListOf(PackageUpdate.class)
                .handle(req -> manager.updates());
        routes.get("/packages/repositories").summary("List package repositories").returnsListOf(Repository.class)
                .handle(req -> manager.repositories());
        routes.patch("/packages/repositories/{id}").summary("Enable or disable a repository (dnf only)")
                .description("apt and tdnf have no command for it: they answer 422.")
                .body(RepositoryChange.class).returns(Repository.class)
                .handle(req -> {
                    String id = req.param("id");
                    if (!RepositoryIds.valid(id)) {
                        throw ApiException.invalid("id", "pattern", "letters, digits and . _ : -", id);
                    }
                    boolean enabled = req.body(RepositoryChange.class).enabled();
                    if (!manager.canToggleRepositories()) {
                        throw ApiException.unprocessable(manager.name() + " cannot enable or disable a repository");
                    }
                    if (manager.repositories().stream().noneMatch(r -> r.id().equals(id))) {
                        throw ApiException.notFound("no repository " + id);
                    }
                    Command.Result result = manager.enableRepository(id, enabled);
                    if (!result.ok()) {
                        throw ApiException.unprocessable(result.reason());
                    }
                    return manager.repositories().stream().filter(r -> r.id().equals(id)).findFirst()
                            .orElseThrow(() -> ApiException.notFound("no repository " + id));
                });
        routes.get("/packages/history").summary("List past package transactions, newest first")
                .returnsListOf(HistoryEntry.class)
                .handle(req -> manager.history());
        routes.get("/packages/{name}").summary("Show a package: installed and candidate version, size, depends")
                .returns(PackageDetails.class)
                .handle(req -> {
                    String name = checkedName(req.param("name"), "name");
                    return manager.info(name).orElseThrow(() -> ApiException.notFound("no package " + name));
                });

        routes.post("/packages/install").summary("Install packages (a job)")
                .body(InstallRequest.class).returns(Job.class).status(202)
                .handle(req -> accepted(Change.of(Change.Kind.INSTALL, req.body(InstallRequest.class).packages()),
                        req.caller().name()));
        routes.post("/packages/remove").summary("Remove packages, with purge their configuration too (a job)")
                .body(RemoveRequest.class).returns(Job.class).status(202)
                .handle(req -> {
                    RemoveRequest body = req.body(RemoveRequest.class);
                    return accepted(new Change(Change.Kind.REMOVE, body.packages(), body.purging(), Optional.empty()),
                            req.caller().name());
                });
        routes.post("/packages/update").summary("Update some packages, or all (a job)")
                .body(UpdateRequest.class).returns(Job.class).status(202)
                .handle(req -> {
                    List<String> packages = req.hasBody() ? req.body(UpdateRequest.class).packages() : null;
                    return accepted(Change.of(Change.Kind.UPDATE, packages == null ? List.of() : packages),
                            req.caller().name());
                });
        routes.post("/packages/download").summary("Download package files to a directory (a job)")
                .body(DownloadRequest.class).returns(Job.class).status(202)
                .handle(req -> {
                    DownloadRequest body = req.body(DownloadRequest.class);
                    if (!Files.isDirectory(Path.of(body.directory()))) {
                        throw ApiException.invalid("directory", "missing", "an existing directory", body.directory());
                    }
                    return accepted(new Change(Change.Kind.DOWNLOAD, body.packages(), false,
                            Optional.of(body.directory())), req.caller().name());
                });
        routes.post("/packages/clean").summary("Clean the package cache (a job)").returns(Job.class).status(202)
                .handle(req -> accepted(Change.of(Change.Kind.CLEAN, List.of()), req.caller().name()));
        routes.post("/packages/refresh").summary("Refresh the repositories' metadata (makecache, apt-get update; a job)")
                .returns(Job.class).status(202)
                .handle(req -> accepted(Change.of(Change.Kind.REFRESH, List.of()), req.caller().name()));
    }

    private Reply accepted(Change change, String owner) {
        if (manager.name().equals("none")) {
            manager.command(change); // the null manager's 501, before a job is made for nothing
        }
        Job job = transactions.start(change, owner);
        return Reply.accepted("/api/v1/jobs/" + job.id(), job);
    }
}
