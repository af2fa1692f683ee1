package dev.gantry.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values from a fixed set, matched and named as the user types them (lower case, as the API
 * spells them) rather than as Java constants, which picocli's own enum message would show.
 */
final class Choices {
    private Choices() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.toString().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(Object::toString).collect(Collectors.joining(", ")) + ", not '" + text + "'");
    }

    static final class OutputFormat implements ITypeConverter<Output.Format> {
        @Override
        public Output.Format convert(String value) {
            return parse(Output.Format.class, value);
        }
    }

    static final class JobState implements ITypeConverter<JobsCommand.State> {
        @Override
        public JobsCommand.State convert(String value) {
            return parse(JobsCommand.State.class, value);
        }
    }
}
