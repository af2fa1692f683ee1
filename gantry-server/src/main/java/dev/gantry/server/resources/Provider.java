package dev.gantry.server.resources;

import java.util.UUID;

/**
 * Where resources really come into being (agents, Proxmox). The only implementation for now is
 * {@link LocalNoopProvider}, which records calls and does nothing; real providers replace it in
 * later issues. A provider call that throws puts the resource into state {@code error}.
 */
public interface Provider {
    void create(String type, UUID id, Object spec);

    void update(String type, UUID id, Object spec);

    void remove(String type, UUID id);
}
