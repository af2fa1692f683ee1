package dev.gantry.common.jobs;

import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON file per job in a directory, each written atomically; the directory is read once at start. */
public final class FileJobStore implements JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileJobStore.class);
    private final Path dir;
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();

    public FileJobStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Job job = Json.mapper().readValue(file.toFile(), Job.class);
                    jobs.put(job.id(), job);
                } catch (IOException e) {
                    LOG.warn("skipping unreadable job file {}: {}", file, e.getMessage());
                }
            }
        }
    }

    @Override
    public void save(Job job) {
        try {
            AtomicFiles.write(dir.resolve(job.id() + ".json"), Json.bytes(job));
            jobs.put(job.id(), job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist job " + job.id(), e);
        }
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public List<Job> list() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id));
        return all;
    }

    @Override
    public void delete(String id) {
        try {
            Files.delete(dir.resolve(id + ".json"));
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jobs.remove(id);
    }
}
