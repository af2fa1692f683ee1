package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What gantry-server writes at every start for the admin on its host: {@code {"url": ..., "token": ...}},
 * mode 0600 in its state directory. The token is valid for that run of the server only.
 */
record ServerAdminFile(URI url, String token) {
    static final Path DEFAULT = Path.of("/var/lib/gantry-server/admin.json");

    static ServerAdminFile read(Path file) {
        JsonNode node;
        try {
            node = Json.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw Unreachable.noAdminFile(file, "no such file");
        } catch (AccessDeniedException e) {
            throw Unreachable.noAdminFile(file, "permission denied");
        } catch (IOException e) {
            throw Unreachable.noAdminFile(file, String.valueOf(e.getMessage()));
        }
        String url = node.path("url").asText("");
        String token = node.path("token").asText("");
        if (url.isEmpty() || token.isEmpty()) {
            throw Unreachable.noAdminFile(file, "it has no url or token");
        }
        return new ServerAdminFile(URI.create(url), token);
    }
}
