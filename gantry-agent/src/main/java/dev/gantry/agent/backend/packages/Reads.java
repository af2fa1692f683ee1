package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.ApiException;
import java.util.List;

/** A read the package manager must answer: its output, or a 503 naming the manager when it fails. */
final class Reads {
    private Reads() {
    }

    static String stdout(String manager, List<String> argv) {
        Command.Result result = Command.run(argv, PackageManager.READ_TIMEOUT);
        if (!result.ok()) {
            throw ApiException.unavailable(manager, String.join(" ", argv) + " failed: " + result.reason());
        }
        return result.stdout();
    }
}
