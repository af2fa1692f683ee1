package dev.gantry.common.jobs;

import java.util.List;
import java.util.Optional;

/** Where jobs are kept so they outlive the process. */
public interface JobStore {
    void save(Job job);

    Optional<Job> find(String id);

    /** Every kept job, newest first. */
    List<Job> list();

    void delete(String id);
}
