package dev.gantry.agent.accounts;

import dev.gantry.agent.accounts.AccountsModule.Group;
import dev.gantry.agent.accounts.AccountsModule.GroupChanges;
import dev.gantry.agent.accounts.AccountsModule.NewGroup;
import dev.gantry.agent.accounts.AccountsModule.NewUser;
import dev.gantry.agent.accounts.AccountsModule.User;
import dev.gantry.agent.accounts.AccountsModule.UserChanges;
import dev.gantry.agent.backend.accounts.AccountFiles;
import dev.gantry.agent.backend.accounts.AccountFiles.GroupEntry;
import dev.gantry.agent.backend.accounts.AccountFiles.PasswdEntry;
import dev.gantry.agent.backend.accounts.AccountFiles.PasswordState;
import dev.gantry.agent.backend.accounts.ShadowTools;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What the routes do. Every change runs under one lock, so that the checks made from the files
 * (duplicates, protected accounts, existing groups) still hold when the tool runs.
 */
final class Accounts {
    private final AccountFiles files;
    private final ShadowTools tools;
    private final Set<String> protectedUsers;
    private final Set<String> protectedGroups;
    private final ReentrantLock changing = new ReentrantLock();

    Accounts(AccountFiles files, ShadowTools tools, Set<String> protectedUsers, Set<String> protectedGroups) {
        this.files = files;
        this.tools = tools;
        this.protectedUsers = Set.copyOf(protectedUsers);
        this.protectedGroups = Set.copyOf(protectedGroups);
    }

    List<User> users() {
        List<GroupEntry> groups = files.groups();
        Map<String, PasswordState> states = files.passwordStates();
        AccountFiles.Ranges ranges = files.ranges();
        return files.users().stream().map(u -> user(u, groups, states, ranges)).toList();
    }

    User user(String name) {
        PasswdEntry entry = files.user(name).orElseThrow(() -> ApiException.notFound("no user " + name));
        return user(entry, files.groups(), files.passwordStates(), files.ranges());
    }

    private static User user(PasswdEntry u, List<GroupEntry> groups, Map<String, PasswordState> states,
                             AccountFiles.Ranges ranges) {
        String primary = groups.stream().filter(g -> g.gid() == u.gid()).map(GroupEntry::name).findFirst().orElse(null);
        List<String> supplementary = groups.stream().filter(g -> g.members().contains(u.name()))
                .map(GroupEntry::name).toList();
        return new User(u.name(), u.uid(), u.gid(), primary, supplementary, u.gecos(), u.home(), u.shell(),
                states.getOrDefault(u.name(), PasswordState.UNKNOWN).toString(), ranges.systemUid(u.uid()));
    }

    User addUser(NewUser body) {
        return locked(() -> {
            if (files.user(body.name()).isPresent()) {
                throw ApiException.conflict("user " + body.name() + " exists");
            }
            if (body.uid() != null && files.users().stream().anyMatch(u -> u.uid() == body.uid())) {
                throw ApiException.conflict("UID " + body.uid() + " is in use");
            }
            Violations v = new Violations();
            String group = primaryGroup(v, body.gid());
            checkGroupsExist(v, "groups", body.groups());
            v.throwIfAny();
            if (body.gid() == null && files.group(body.name()).isPresent()) {
                throw ApiException.conflict("a group named " + body.name()
                        + " exists; give its gid to make it the user's primary group");
            }
            String hash = hashOf(body.password(), body.passwordHash());
            boolean createHome = body.createHome() == null || body.createHome();
            tools.useradd(body.name(), new ShadowTools.UserOptions(body.uid(), group,
                    body.groups().isEmpty() ? null : body.groups(), body.comment(), body.home(), body.shell(), null),
                    createHome);
            if (hash != null) {
                try {
                    tools.setPasswordHash(body.name(), hash);
                } catch (RuntimeException e) {
                    // A user without the password asked for is not what was asked for: take it back.
                    tools.userdel(body.name(), createHome);
                    throw e;
                }
            }
            return user(body.name());
        });
    }

    User modifyUser(String name, UserChanges body, boolean force) {
        return locked(() -> {
            PasswdEntry current = files.user(name).orElseThrow(() -> ApiException.notFound("no user " + name));
            boolean identity = changes(body.name(), name) || changes(body.uid(), current.uid())
                    || changes(body.gid(), current.gid()) || changes(body.home(), current.home());
            if (identity) {
                if (current.uid() == 0 || protectedUsers.contains(name)) {
                    throw protectedAccount("the name, UID, primary group and home of " + name
                            + " are never changed through the agent");
                }
                AccountFiles.Ranges ranges = files.ranges();
                if (ranges.systemUid(current.uid()) && !force) {
                    throw protectedAccount("user " + name + " is a system account (UID " + current.uid() + " outside "
                            + ranges.uidMin() + ".." + ranges.uidMax() + "); add force=true to change its name, UID, "
                            + "primary group or home");
                }
            }
            if (body.name() != null && !body.name().equals(name) && files.user(body.name()).isPresent()) {
                throw ApiException.conflict("user " + body.name() + " exists");
            }
            if (body.uid() != null && body.uid() != current.uid()
                    && files.users().stream().anyMatch(u -> u.uid() == body.uid())) {
                throw ApiException.conflict("UID " + body.uid() + " is in use");
            }
            Violations v = new Violations();
            String group = primaryGroup(v, body.gid());
            checkGroupsExist(v, "groups", body.groups());
            v.throwIfAny();
            String hash = hashOf(body.password(), body.passwordHash());
            String newName = body.name() == null || body.name().equals(name) ? null : body.name();
            // Unchanged identity fields are left out: usermod then has nothing to check or chown for them.
            tools.usermod(name, new ShadowTools.UserOptions(changes(body.uid(), current.uid()) ? body.uid() : null,
                    changes(body.gid(), current.gid()) ? group : null, body.groups(), body.comment(),
                    changes(body.home(), current.home()) ? body.home() : null, body.shell(), newName),
                    Boolean.TRUE.equals(body.moveHome()) && changes(body.home(), current.home()));
            String now = newName == null ? name : newName;
            if (hash != null) {
                tools.setPasswordHash(now, hash);
            }
            return user(now);
        });
    }

    void deleteUser(String name, boolean removeHome, boolean force) {
        locked(() -> {
            PasswdEntry user = files.user(name).orElseThrow(() -> ApiException.notFound("no user " + name));
            if (user.uid() == 0 || protectedUsers.contains(name)) {
                throw protectedAccount("user " + name + " is never deleted through the agent");
            }
            AccountFiles.Ranges ranges = files.ranges();
            if (ranges.systemUid(user.uid()) && !force) {
                throw protectedAccount("user " + name + " is a system account (UID " + user.uid() + " outside "
                        + ranges.uidMin() + ".." + ranges.uidMax() + " of /etc/login.defs); add force=true to delete it");
            }
            tools.userdel(name, removeHome);
            return null;
        });
    }

    User lock(String name) {
        return locked(() -> {
            user(name);
            tools.lock(name);
            return user(name);
        });
    }

    User unlock(String name) {
        return locked(() -> {
            user(name);
            Optional<String> field = files.shadowField(name);
            if (field.isPresent() && field.get().replaceFirst("^!+", "").isEmpty()) {
                throw ApiException.conflict("user " + name + " has no password; unlocking would leave the account "
                        + "without one: set a password instead");
            }
            tools.unlock(name);
            return user(name);
        });
    }

    List<Group> groups() {
        AccountFiles.Ranges ranges = files.ranges();
        return files.groups().stream().map(g -> new Group(g.name(), g.gid(), g.members(), ranges.systemGid(g.gid())))
                .toList();
    }

    Group group(String name) {
        GroupEntry g = files.group(name).orElseThrow(() -> ApiException.notFound("no group " + name));
        return new Group(g.name(), g.gid(), g.members(), files.ranges().systemGid(g.gid()));
    }

    Group addGroup(NewGroup body) {
        return locked(() -> {
            if (files.group(body.name()).isPresent()) {
                throw ApiException.conflict("group " + body.name() + " exists");
            }
            if (body.gid() != null && files.groups().stream().anyMatch(g -> g.gid() == body.gid())) {
                throw ApiException.conflict("GID " + body.gid() + " is in use");
            }
            Violations v = new Violations();
            checkUsersExist(v, body.members());
            v.throwIfAny();
            tools.groupadd(body.name(), body.gid(), body.members());
            return group(body.name());
        });
    }

    Group modifyGroup(String name, GroupChanges body, boolean force) {
        return locked(() -> {
            GroupEntry current = files.group(name).orElseThrow(() -> ApiException.notFound("no group " + name));
            if (changes(body.name(), name) || changes(body.gid(), current.gid())) {
                if (current.gid() == 0 || protectedGroups.contains(name)) {
                    throw protectedAccount("group " + name + " is never renamed or renumbered through the agent");
                }
                AccountFiles.Ranges ranges = files.ranges();
                if (ranges.systemGid(current.gid()) && !force) {
                    throw protectedAccount("group " + name + " is a system group (GID " + current.gid() + " outside "
                            + ranges.gidMin() + ".." + ranges.gidMax() + "); add force=true to rename or renumber it");
                }
            }
            if (body.name() != null && !body.name().equals(name) && files.group(body.name()).isPresent()) {
                throw ApiException.conflict("group " + body.name() + " exists");
            }
            if (body.gid() != null && body.gid() != current.gid()
                    && files.groups().stream().anyMatch(g -> g.gid() == body.gid())) {
                throw ApiException.conflict("GID " + body.gid() + " is in use");
            }
            Violations v = new Violations();
            checkUsersExist(v, body.members());
            v.throwIfAny();
            String newName = body.name() == null || body.name().equals(name) ? null : body.name();
            tools.groupmod(name, newName, body.gid(), body.members());
            return group(newName == null ? name : newName);
        });
    }

    void deleteGroup(String name, boolean force) {
        locked(() -> {
            GroupEntry group = files.group(name).orElseThrow(() -> ApiException.notFound("no group " + name));
            if (group.gid() == 0 || protectedGroups.contains(name)) {
                throw protectedAccount("group " + name + " is never deleted through the agent");
            }
            AccountFiles.Ranges ranges = files.ranges();
            if (ranges.systemGid(group.gid()) && !force) {
                throw protectedAccount("group " + name + " is a system group (GID " + group.gid() + " outside "
                        + ranges.gidMin() + ".." + ranges.gidMax() + " of /etc/login.defs); add force=true to delete it");
            }
            files.users().stream().filter(u -> u.gid() == group.gid()).findFirst().ifPresent(u -> {
                throw ApiException.conflict("group " + name + " is the primary group of user " + u.name());
            });
            tools.groupdel(name);
            return null;
        });
    }

    /** The primary group as useradd/usermod take it (the GID), after checking that it exists. */
    private String primaryGroup(Violations v, Long gid) {
        if (gid == null) {
            return null;
        }
        v.check(files.groups().stream().anyMatch(g -> g.gid() == gid), "gid", "unknown", "no group has this GID", gid);
        return Long.toString(gid);
    }

    private void checkGroupsExist(Violations v, String field, List<String> names) {
        if (names == null) {
            return;
        }
        List<GroupEntry> groups = files.groups();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            v.check(groups.stream().anyMatch(g -> g.name().equals(n)), field + "[" + i + "]", "unknown", "no such group", n);
        }
    }

    private void checkUsersExist(Violations v, List<String> names) {
        if (names == null) {
            return;
        }
        List<PasswdEntry> users = files.users();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            v.check(users.stream().anyMatch(u -> u.name().equals(n)), "members[" + i + "]", "unknown", "no such user", n);
        }
    }

    /** Whether a PATCH field is given and differs from the current value. */
    private static boolean changes(Object wanted, Object current) {
        return wanted != null && !wanted.toString().equals(current.toString());
    }

    private static String hashOf(String password, String passwordHash) {
        return password != null ? ShadowTools.hash(password) : passwordHash;
    }

    private static ApiException protectedAccount(String detail) {
        return new ApiException(409, "protected-account", "Protected account", detail);
    }

    private <T> T locked(Supplier<T> change) {
        changing.lock();
        try {
            return change.get();
        } finally {
            changing.unlock();
        }
    }
}
