package dev.gantry.agent.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric families built up during one scrape, point by point. A series (name and labels) added twice
 * keeps its last value: Prometheus refuses a scrape that repeats a series, and /proc can list a name
 * twice (a file system mounted twice on one mount point).
 */
final class Families {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private static final class Family {
        final boolean counter;
        final String help;
        final Map<Labels, Double> points = new LinkedHashMap<>();

        Family(boolean counter, String help) {
            this.counter = counter;
            this.help = help;
        }
    }

    /** A gauge point; {@code labels} are name, value pairs. */
    void gauge(String name, String help, double value, String... labels) {
        add(name, false, help, value, labels);
    }

    /** A counter point; {@code name} without {@code _total}, which the text format appends. */
    void counter(String name, String help, double value, String... labels) {
        add(name, true, help, value, labels);
    }

    private void add(String name, boolean counter, String help, double value, String... labels) {
        Family family = families.computeIfAbsent(name, n -> new Family(counter, help));
        family.points.put(labels.length == 0 ? Labels.EMPTY : Labels.of(labels), value);
    }

    void addTo(List<MetricSnapshot> out) {
        families.forEach((name, family) -> out.add(family.counter ? counter(name, family) : gauge(name, family)));
    }

    List<MetricSnapshot> snapshots() {
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        addTo(out);
        return out;
    }

    private static MetricSnapshot counter(String name, Family family) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(family.help);
        family.points.forEach((labels, value) ->
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
        return b.build();
    }

    private static MetricSnapshot gauge(String name, Family family) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(family.help);
        family.points.forEach((labels, value) ->
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
        return b.build();
    }
}
