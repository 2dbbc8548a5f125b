package ai.fastmath.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: "5h", "30m", "90s", "1h30m", "0.5s", "250ms", or plain seconds. */
public class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    @Override
    public Duration convert(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+(\\.\\d+)?")) {
            return positive(value, Math.round(Double.parseDouble(s) * 1000));
        }
        Matcher m = PART.matcher(s);
        long ms = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            ms += Math.round(v * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1000;
                default -> 1;
            });
            end = m.end();
        }
        if (end != s.length() || end == 0) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 5h, 30m, 90s, 1h30m, 250ms)");
        }
        return positive(value, ms);
    }

    private static Duration positive(String value, long ms) {
        if (ms <= 0) {
            throw new TypeConversionException("'" + value + "': must be positive");
        }
        return Duration.ofMillis(ms);
    }
}
