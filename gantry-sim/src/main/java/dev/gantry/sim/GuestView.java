package dev.gantry.sim;

/** Where a guest is and what it does, for tests that check an effect without going through the API. */
public record GuestView(int vmid, GuestType type, String node, String name, String status, boolean locked) {
}
