package ai.fastmath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Arbitrary JSON text for the property tests of the parsers the outside world reaches: scalars with
 * the values parsers trip on (huge and tiny numbers, exponents no library would write, numbers as
 * strings, NaN-like strings, lone surrogates), nested values, objects mixing known and unknown fields,
 * and texts that are not JSON at all.
 */
public final class FuzzJson {

    private FuzzJson() {}

    private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "0.0", "-0.0", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e308", "1e309", "-1e309",
            "4.9e-324", "1e-320", "1e-400", "1e999999999", "-1e999999999", "1e-999999999", "0.5", "1.5", "3.0", "1e2",
            "1E+2", "123456789012345678901234567890", "1" + "0".repeat(999), "1" + "0".repeat(1200));

    private static final List<String> STRINGS = List.of("", " ", "\t\n", "NaN", "-NaN", "Infinity", "-Infinity", "null",
            "true", "1e5", "  42 ", "0x1F", "\u0000", "\uD800", "\uDFFF\uD800", "caf\u00e9", "\u22125", "\\boxed{5}",
            "a".repeat(5000));

    /** A number as JSON text: ordinary, boundary or absurd. */
    public static String number(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> String.valueOf(r.nextInt());
            case 1 -> String.valueOf(r.nextLong());
            case 2 -> String.valueOf(Double.longBitsToDouble(r.nextLong())).replace("Infinity", "1e999").replace("NaN", "0");
            default -> Fuzz.pick(r, NUMBERS);
        };
    }

    /** A string literal: empty, blank, numeric-looking, unicode, control characters, long. */
    public static String string(Random r) {
        return quote(r.nextBoolean() ? Fuzz.chars(r, 12) : Fuzz.pick(r, STRINGS));
    }

    /** Any scalar. */
    public static String scalar(Random r) {
        int k = r.nextInt(7);
        return k < 3 ? number(r) : k < 6 ? string(r) : Fuzz.pick(r, "true", "false", "null");
    }

    /** Any JSON value nested up to {@code depth}; object keys are never in {@code avoidKeys}. */
    public static String value(Random r, int depth, List<String> avoidKeys) {
        int k = depth <= 0 ? 0 : r.nextInt(5);
        if (k <= 2) {
            return scalar(r);
        }
        int n = r.nextInt(5);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String v = value(r, depth - 1, avoidKeys);
            if (k == 3) {
                items.add(v);
            } else {
                String key;
                do {
                    key = r.nextBoolean() ? Fuzz.chars(r, 6) : Fuzz.pick(r, "a", "id", "x", "value", "");
                } while (avoidKeys.contains(key));
                items.add(quote(key) + ":" + v);
            }
        }
        return k == 3 ? "[" + String.join(",", items) + "]" : "{" + String.join(",", items) + "}";
    }

    /**
     * An object with some of {@code fields} (each drawn by its own generator, {@code required} ones
     * always), in random order, sometimes with an unknown field.
     */
    public static String object(Random r, Map<String, Function<Random, String>> fields, List<String> required) {
        List<String> members = new ArrayList<>();
        fields.forEach((name, gen) -> {
            if (required.contains(name) || r.nextBoolean()) {
                members.add(quote(name) + ":" + gen.apply(r));
            }
        });
        if (r.nextInt(8) == 0) {
            members.add(quote(Fuzz.pick(r, "samples", "Problem", "max-tokens", "extra", "")) + ":" + scalar(r));
        }
        Collections.shuffle(members, r);
        return "{" + String.join(",", members) + "}";
    }

    /** Texts parsers choke on: nothing, blanks, nesting past any limit, lone tokens, unclosed values. */
    public static String pathological(Random r) {
        return Fuzz.pick(r, "", " ", "\n", "{", "}", "[", "[]", "{}", "null", "\"", "\"abc", "{\"a\":", "{\"a\" 1}",
                "{'a': 1}", "{a: 1}", "{\"a\":1,}", "[1,]", "NaN", "Infinity", "-", "01", "1.", ".5", "\uFEFF{}",
                "[".repeat(100_000), "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "[".repeat(999) + "]".repeat(999),
                "\"\\u00\"", "{\"a\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing");
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
