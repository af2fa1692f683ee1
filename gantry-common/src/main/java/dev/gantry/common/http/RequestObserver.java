package dev.gantry.common.http;

/**
 * Told about every request the {@link Dispatcher} answered, after its answer is ready (for a stream:
 * when the stream starts). It runs on the request's thread, on every request, so an implementation
 * must be cheap and must not throw; the dispatcher knows nothing of what it does with the figures
 * (gantryd turns them into Prometheus metrics without gantry-common depending on a metrics library).
 */
@FunctionalInterface
public interface RequestObserver {
    /** The route label of a request that matched no route (404, 405) or was refused before matching (401). */
    String UNMATCHED = "unmatched";

    /** Observes nothing. */
    RequestObserver NONE = (method, route, status, nanos) -> { };

    /**
     * @param method the request's method as the caller sent it (not checked: map unknown ones yourself)
     * @param route  the matched route's template, e.g. {@code /api/v1/jobs/{id}}, never the raw path;
     *               {@link #UNMATCHED} when no route was matched
     * @param status the answer's status code
     * @param nanos  time from the request reaching the dispatcher to its answer being ready
     */
    void requestDone(String method, String route, int status, long nanos);
}
