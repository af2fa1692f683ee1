package dev.gantry.agent.backend.procfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A sensor under {@code /sys/class/hwmon/hwmon<N>/} (Documentation/hwmon/sysfs-interface.rst), its
 * value converted from the kernel's units to °C, V, A, W, J or RPM. A host without hwmon has none.
 */
public record HwmonSensor(String chip, String device, String sensor, String kind, String label, String unit,
                          double value, OptionalDouble max, OptionalDouble critical) {

    private record Kind(String prefix, String name, String unit, double scale) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("temp", "temperature", "°C", 1000),
            new Kind("in", "voltage", "V", 1000),
            new Kind("curr", "current", "A", 1000),
            new Kind("power", "power", "W", 1_000_000),
            new Kind("energy", "energy", "J", 1_000_000),
            new Kind("fan", "fan", "RPM", 1),
            new Kind("humidity", "humidity", "%", 1000));

    public static List<HwmonSensor> read(Path root) {
        Path base = root.resolve("sys/class/hwmon");
        List<HwmonSensor> sensors = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return sensors;
        }
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            dirs.forEach(chips::add);
        } catch (IOException e) {
            return sensors;
        }
        chips.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path chip : chips) {
            readChip(chip, sensors);
        }
        return sensors;
    }

    private static void readChip(Path chip, List<HwmonSensor> sensors) {
        String device = chip.getFileName().toString();
        String chipName = ProcText.readLine(chip.resolve("name")).orElse(device);
        List<String> inputs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(chip, "*_input")) {
            files.forEach(f -> inputs.add(f.getFileName().toString()));
        } catch (IOException e) {
            return;
        }
        inputs.sort(Comparator.naturalOrder());
        for (String input : inputs) {
            String sensor = input.substring(0, input.length() - "_input".length());
            Kind kind = KINDS.stream().filter(k -> sensor.startsWith(k.prefix)
                    && sensor.length() > k.prefix.length()
                    && Character.isDigit(sensor.charAt(k.prefix.length()))).findFirst().orElse(null);
            if (kind == null) {
                continue;
            }
            OptionalDouble value = number(chip.resolve(input), kind.scale);
            if (value.isEmpty()) {
                continue;
            }
            String label = ProcText.readLine(chip.resolve(sensor + "_label")).orElse(sensor);
            sensors.add(new HwmonSensor(chipName, device, sensor, kind.name, label, kind.unit, value.getAsDouble(),
                    number(chip.resolve(sensor + "_max"), kind.scale), number(chip.resolve(sensor + "_crit"), kind.scale)));
        }
    }

    private static OptionalDouble number(Path file, double scale) {
        return ProcText.readLine(file).map(s -> {
            try {
                return OptionalDouble.of(Long.parseLong(s.strip()) / scale);
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }).orElse(OptionalDouble.empty());
    }
}
