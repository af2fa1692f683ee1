package dev.gantry.common.jobs;

import dev.gantry.common.http.ApiException;

/**
 * Thrown by a job that failed but has something to keep: the job ends failed with this problem and
 * still records {@code result} (a package manager's log, say), which a plain exception would lose.
 */
public class JobFailedException extends ApiException {
    private final transient Object result;

    public JobFailedException(int status, String slug, String title, String detail, Object result) {
        super(status, slug, title, detail);
        this.result = result;
    }

    public Object result() {
        return result;
    }
}
