package dev.gantry.agent.accounts;

import dev.gantry.agent.backend.accounts.AccountFiles;
import dev.gantry.agent.backend.accounts.ShadowTools;
import dev.gantry.common.auth.UnixPeerAuthenticator;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code /api/v1/accounts}: local users and groups. Reads parse /etc/passwd, /etc/group and /etc/shadow;
 * writes run the shadow tools. A password is never logged or returned: a plain one is hashed (SHA-512
 * crypt) as soon as it is read, and only the hash reaches {@code chpasswd -e}, on its standard input.
 */
public final class AccountsModule implements ApiModule {
    private final Accounts accounts;

    public AccountsModule(AccountFiles files, ShadowTools tools, Set<String> protectedUsers,
                          Set<String> protectedGroups) {
        this.accounts = new Accounts(files, tools, protectedUsers, protectedGroups);
    }

    /**
     * The agent on a host: root and the agent's own user can never be deleted or renamed through it, nor
     * the groups its socket authorisation names (gantry, gantry-admin) and root's.
     */
    public static AccountsModule host() {
        // Sets built from streams: Set.of would refuse the duplicate when the agent runs as root (tests).
        return new AccountsModule(AccountFiles.host(), ShadowTools.host(),
                Stream.of("root", System.getProperty("user.name")).collect(Collectors.toUnmodifiableSet()),
                Stream.of("root", UnixPeerAuthenticator.ADMIN_GROUP, UnixPeerAuthenticator.READER_GROUP)
                        .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * A user. {@code group} is the primary group's name, {@code groups} the supplementary ones;
     * {@code passwordState} is usable, locked, none or unknown (shadow unreadable); {@code system} is
     * true for a UID outside login.defs' UID_MIN..UID_MAX.
     */
    public record User(String name, long uid, long gid, String group, List<String> groups, String comment,
                       String home, String shell, String passwordState, boolean system) {
        public User {
            groups = List.copyOf(groups);
        }
    }

    /** A group; {@code members} are its explicit members (not the users whose primary group it is). */
    public record Group(String name, long gid, List<String> members, boolean system) {
        public Group {
            members = List.copyOf(members);
        }
    }

    /**
     * Body of {@code POST /users}. Absent fields take the shadow tools' defaults (next free UID, a
     * group of the user's name, /home/NAME, login.defs' shell); {@code createHome} defaults to true.
     */
    public record NewUser(String name, Long uid, Long gid, List<String> groups, String comment, String home,
                          String shell, Boolean createHome, String password, String passwordHash) implements Validated {
        public NewUser {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        @Override
        public void validate(Violations v) {
            Checks.name(v, "name", name, true);
            Checks.id(v, "uid", uid);
            Checks.id(v, "gid", gid);
            Checks.names(v, "groups", groups);
            Checks.text(v, "comment", comment);
            Checks.path(v, "home", home);
            Checks.path(v, "shell", shell);
            Checks.password(v, password, passwordHash);
        }

        @Override
        public String toString() {
            return "NewUser[name=" + name + ", uid=" + uid + ", gid=" + gid + ", groups=" + groups + ", password="
                    + (password == null && passwordHash == null ? "none" : "(hidden)") + "]";
        }
    }

    /**
     * Body of {@code PATCH /users/{name}}: only the fields given change. {@code name} renames,
     * {@code groups} replaces the supplementary groups ([] leaves none), {@code moveHome} moves the
     * home's contents along with a new {@code home}.
     */
    public record UserChanges(String name, Long uid, Long gid, List<String> groups, String comment, String home,
                              Boolean moveHome, String shell, String password, String passwordHash)
            implements Validated {
        @Override
        public void validate(Violations v) {
            Checks.name(v, "name", name, false);
            Checks.id(v, "uid", uid);
            Checks.id(v, "gid", gid);
            Checks.names(v, "groups", groups);
            Checks.text(v, "comment", comment);
            Checks.path(v, "home", home);
            Checks.path(v, "shell", shell);
            Checks.password(v, password, passwordHash);
            v.check(!Boolean.TRUE.equals(moveHome) || home != null, "moveHome", "needs-home",
                    "moveHome needs a new home", moveHome);
            v.check(name != null || uid != null || gid != null || groups != null || comment != null || home != null
                            || shell != null || password != null || passwordHash != null, "$", "empty",
                    "nothing to change", null);
        }

        @Override
        public String toString() {
            return "UserChanges[name=" + name + ", uid=" + uid + ", gid=" + gid + ", groups=" + groups + ", password="
                    + (password == null && passwordHash == null ? "unchanged" : "(hidden)") + "]";
        }
    }

    /** Body of {@code POST /groups}. */
    public record NewGroup(String name, Long gid, List<String> members) implements Validated {
        public NewGroup {
            members = members == null ? List.of() : List.copyOf(members);
        }

        @Override
        public void validate(Violations v) {
            Checks.name(v, "name", name, true);
            Checks.id(v, "gid", gid);
            Checks.names(v, "members", members);
        }
    }

    /** Body of {@code PATCH /groups/{name}}: {@code name} renames, {@code members} replaces the member list. */
    public record GroupChanges(String name, Long gid, List<String> members) implements Validated {
        @Override
        public void validate(Violations v) {
            Checks.name(v, "name", name, false);
            Checks.id(v, "gid", gid);
            Checks.names(v, "members", members);
            v.check(name != null || gid != null || members != null, "$", "empty", "nothing to change", null);
        }
    }

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public String description() {
        return "Local users and groups: list, add, change, lock, delete";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/accounts/users").summary("List local users").returnsListOf(User.class)
                .handle(req -> accounts.users());
        routes.get("/accounts/users/{name}").summary("Show a user").returns(User.class)
                .handle(req -> accounts.user(Checks.name(req.param("name"), "name")));
        routes.post("/accounts/users").summary("Add a user")
                .description("Runs useradd, then chpasswd -e with the hash if a password is given (a plain "
                        + "password is hashed with SHA-512 crypt first). 409 if the name, UID or a group of the "
                        + "user's name exists.")
                .body(NewUser.class).returns(User.class).status(201)
                .handle(req -> {
                    User user = accounts.addUser(req.body(NewUser.class));
                    return Reply.of(201, user).header("Location", "/api/v1/accounts/users/" + user.name());
                });
        routes.patch("/accounts/users/{name}").summary("Change a user")
                .description("Changing the identity (name, UID, primary group, home) of a system account needs "
                        + "force=true, else 409; that of root or the agent's own user is never allowed (409).")
                .query("force", Boolean.class, "allow changing the identity of a system account")
                .body(UserChanges.class).returns(User.class)
                .handle(req -> accounts.modifyUser(Checks.name(req.param("name"), "name"), req.body(UserChanges.class),
                        req.flag("force")));
        routes.delete("/accounts/users/{name}").summary("Delete a user")
                .description("System accounts (UID outside login.defs' UID_MIN..UID_MAX) need force=true, else 409; "
                        + "root and the agent's own user are never deleted (409).")
                .query("removeHome", Boolean.class, "also remove the home directory and mail spool")
                .query("force", Boolean.class, "allow deleting a system account")
                .handle(req -> {
                    accounts.deleteUser(Checks.name(req.param("name"), "name"), req.flag("removeHome"), req.flag("force"));
                    return null;
                });
        routes.post("/accounts/users/{name}/lock").summary("Lock a user's password").returns(User.class)
                .handle(req -> accounts.lock(Checks.name(req.param("name"), "name")));
        routes.post("/accounts/users/{name}/unlock").summary("Unlock a user's password")
                .description("409 if the user has no password to unlock (it would become password-less).")
                .returns(User.class)
                .handle(req -> accounts.unlock(Checks.name(req.param("name"), "name")));

        routes.get("/accounts/groups").summary("List local groups").returnsListOf(Group.class)
                .handle(req -> accounts.groups());
        routes.get("/accounts/groups/{name}").summary("Show a group").returns(Group.class)
                .handle(req -> accounts.group(Checks.name(req.param("name"), "name")));
        routes.post("/accounts/groups").summary("Add a group").body(NewGroup.class).returns(Group.class).status(201)
                .handle(req -> {
                    Group group = accounts.addGroup(req.body(NewGroup.class));
                    return Reply.of(201, group).header("Location", "/api/v1/accounts/groups/" + group.name());
                });
        routes.patch("/accounts/groups/{name}").summary("Rename a group, change its GID or replace its members")
                .description("Renaming a system group or changing its GID needs force=true, else 409; GID 0 and the "
                        + "agent's own groups are never renamed or renumbered (409). Members can always be set.")
                .query("force", Boolean.class, "allow renaming or renumbering a system group")
                .body(GroupChanges.class).returns(Group.class)
                .handle(req -> accounts.modifyGroup(Checks.name(req.param("name"), "name"), req.body(GroupChanges.class),
                        req.flag("force")));
        routes.delete("/accounts/groups/{name}").summary("Delete a group")
                .description("System groups (GID outside GID_MIN..GID_MAX) need force=true, else 409; the primary "
                        + "group of a user cannot be deleted (409).")
                .query("force", Boolean.class, "allow deleting a system group")
                .handle(req -> {
                    accounts.deleteGroup(Checks.name(req.param("name"), "name"), req.flag("force"));
                    return null;
                });
    }
}
