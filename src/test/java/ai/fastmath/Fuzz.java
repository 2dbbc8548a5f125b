package ai.fastmath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random inputs for the property tests of parsers: a property runs over {@code tries} inputs
 * drawn from a generator, each from its own {@link Random} derived from the test's fixed seed and the
 * case number, so a failure names the one case that replays it. Plain JUnit 5, no extra library.
 */
public final class Fuzz {

    private Fuzz() {}

    /** Runs {@code property} on {@code tries} generated inputs; the first failure names seed, case and input. */
    public static <T> void forAll(long seed, int tries, Function<Random, T> generator, Consumer<T> property) {
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random(seed, i));
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", case " + i + " of " + tries + ": input " + abbreviate(input)
                        + "\n  " + e, e);
            }
        }
    }

    /** The random source of one case; the same seed and case give the same input. */
    public static Random random(long seed, int caseNumber) {
        // java.util.Random's first draws are correlated across neighbouring seeds (the first
        // nextInt(4) of cases 0, 1, 2, ... is far from uniform), so each case's seed is mixed first
        return new Random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + caseNumber).nextLong());
    }

    /** One of the values. */
    @SafeVarargs
    public static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** One of the values. */
    public static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** Any chars, surrogate halves and controls included, up to {@code maxLength}. */
    public static String chars(Random r, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = switch (r.nextInt(4)) {
                case 0 -> (char) (' ' + r.nextInt(95)); // printable ASCII
                case 1 -> (char) r.nextInt(0x20);       // controls
                case 2 -> (char) r.nextInt(0x10000);    // anything, lone surrogates included
                default -> pick(r, 'é', '−', '°', '\u00a0', '\u2009', '\uFEFF', '中', '\uD83D');
            };
            b.append(c);
        }
        return b.toString();
    }

    /** Pieces from {@code pieces} glued together, up to {@code maxPieces} of them. */
    public static String glue(Random r, List<String> pieces, int maxPieces) {
        int n = r.nextInt(maxPieces + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(pieces.get(r.nextInt(pieces.size())));
        }
        return b.toString();
    }

    private static final byte[] DAMAGE = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x80, (byte) 0xed, (byte) 0xa0,
            (byte) 0xf4, (byte) 0x90, 0, '{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\n'};

    /**
     * {@code times} random damages to a copy of {@code bytes}: truncation, or one byte overwritten,
     * inserted or deleted; inserted and overwriting bytes are invalid UTF-8, NUL or JSON structure.
     */
    public static byte[] mutate(byte[] bytes, int times, Random r) {
        byte[] b = bytes.clone();
        for (int t = 0; t < times && b.length > 0; t++) {
            int at = r.nextInt(b.length);
            byte d = DAMAGE[r.nextInt(DAMAGE.length)];
            switch (r.nextInt(4)) {
                case 0 -> b = java.util.Arrays.copyOf(b, at);
                case 1 -> b[at] = d;
                case 2 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = d;
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }

    /** A short printable description of an input, for failure messages. */
    public static String abbreviate(Object input) {
        String s = input instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(input);
        s = s.replace("\n", "\\n");
        return s.length() <= 300 ? "[" + s + "]" : "[" + s.substring(0, 150) + " ... (" + s.length() + " chars)]";
    }

    /** Writes a generated input to a file, for parsers that read files; an I/O error is unchecked. */
    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many generated cases reached each outcome of a property (loaded, refused, ...): a property
     * whose success path no case reaches would pass without testing anything, so it must say how many
     * cases it wants on each path.
     */
    public static final class Paths {
        private final java.util.Map<String, Integer> counts = new java.util.TreeMap<>();

        /** Records one case that took {@code path}. */
        public void hit(String path) {
            counts.merge(path, 1, Integer::sum);
        }

        public int count(String path) {
            return counts.getOrDefault(path, 0);
        }

        /** Fails unless at least {@code min} cases took {@code path}. */
        public void atLeast(String path, int min) {
            if (count(path) < min) {
                throw new AssertionError("only " + count(path) + " cases reached '" + path + "' (at least " + min
                        + " wanted): " + counts);
            }
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }
}
