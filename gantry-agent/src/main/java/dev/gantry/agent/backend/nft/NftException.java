package dev.gantry.agent.backend.nft;

/** nft refused a command or a batch; the message is nft's own. Nothing was changed. */
public final class NftException extends RuntimeException {
    public NftException(String message) {
        super(message);
    }

    /** nft said an object it was told to use does not exist (ENOENT). */
    public boolean noSuchObject() {
        return getMessage().contains("No such file or directory");
    }

    /** The object is in use: a chain still jumped to, a set still referenced (EBUSY). */
    public boolean busy() {
        return getMessage().contains("Device or resource busy");
    }

    /** The object exists already and the command asked for a new one (EEXIST). */
    public boolean exists() {
        return getMessage().contains("File exists");
    }
}
