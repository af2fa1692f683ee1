package dev.gantry.server.resources.images;

import java.util.UUID;

/**
 * A global base image. Either {@code source} (where the image file comes from, e.g. a URL) or
 * {@code fromSnapshot} (the id of a snapshot in any tenant: publishing it) is given; an image
 * published from a snapshot has source {@code snapshot:<id>} and the snapshot's size.
 */
public record Image(String source, String os, Long size, UUID fromSnapshot) {
}
