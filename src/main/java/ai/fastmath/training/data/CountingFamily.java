package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small counting problems: choices C(n, k) built up as {@code C(n, j) = C(n, j-1) * (n-j+1) / j},
 * arrangements n! and n * (n-1) * ... of k places, and (level 3) arrangements of a word's letters
 * n! / (repeats!). Level 1: C(n, 2..3) and 2 of n in order for n up to 9, n! for n up to 5; level 2: n up
 * to 10; level 3: n up to 12 and words.
 */
final class CountingFamily implements Family {

    /** Arguments: k, n, things, people (plural nouns). */
    private static final List<String> CHOOSE = List.of(
            "In how many ways can you choose %1$d %3$s from %2$d different %3$s?",
            "How many ways are there to pick a team of %1$d from %2$d %4$s?",
            "Compute C(%2$d, %1$d).",
            "How many subsets with exactly %1$d elements does a set of %2$d elements have?",
            "A club has %2$d %4$s. In how many ways can it choose a committee of %1$d?");
    /** Arguments: k, n, things, people. */
    private static final List<String> ARRANGE = List.of(
            "In how many ways can %1$d of %2$d %4$s stand in a row?",
            "How many %1$d-letter codes can be made from %2$d different letters if no letter is repeated?",
            "In how many ways can %1$d of %2$d different %3$s be placed in a row?");
    /** Arguments: n, things, people. */
    private static final List<String> ALL = List.of(
            "In how many ways can %1$d different %2$s be arranged on a shelf?",
            "In how many different orders can %1$d %3$s stand in a line?");
    private static final List<String> THINGS = List.of("books", "toys", "vases", "trophies", "plants", "jars", "photos",
            "candles", "clocks", "boxes", "dolls", "cups");
    private static final List<String> PEOPLE = List.of("people", "players", "students", "friends", "workers", "singers",
            "members", "runners", "guests", "children");
    private static final List<String> LETTERS = List.of(
            "How many different arrangements are there of the letters in the word %s?",
            "In how many distinct ways can the letters of %s be arranged?");
    private static final List<String> WORDS = List.of("BANANA", "APPLE", "LEVEL", "LETTER", "BALLOON", "COFFEE",
            "PEPPER", "TOMATO", "ADDED", "SEEDS", "GEESE", "HELLO", "MAMMAL", "PUPPY", "KAYAK", "RADAR", "TATTOO",
            "BOOK", "MOON", "TEETH", "CHEESE", "BUBBLE", "COCOA", "RIVER", "ALPHA", "ELEVEN", "LOOP", "NOON",
            "ERROR", "SUMMER", "GARDEN", "PLANET", "DINNER", "MIRROR", "ORANGE", "BUTTER");

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        int kind = random.nextInt(3);
        return switch (level * 10 + kind) {
            case 10 -> {
                int n = Pick.between(random, 4, 9);
                yield choose(n, n <= 7 ? Pick.between(random, 2, 3) : 2, random);
            }
            case 11 -> arrange(Pick.between(random, 3, 5), 0, random);
            case 12 -> arrange(Pick.between(random, 4, 9), 2, random);
            case 20 -> choose(Pick.between(random, 6, 10), Pick.between(random, 2, 4), random);
            case 21 -> arrange(Pick.between(random, 5, 9), Pick.between(random, 2, 3), random);
            case 22 -> arrange(Pick.between(random, 5, 6), 0, random);
            case 30 -> choose(Pick.between(random, 8, 12), Pick.between(random, 3, 5), random);
            case 31 -> arrange(Pick.between(random, 7, 10), Pick.between(random, 3, 4), random);
            default -> letters(Pick.one(random, WORDS), random);
        };
    }

    /** {@code C(n, k)} built up as {@code C(n, i) = C(n, i-1) * (n-i+1) / i}, on the smaller of k and n - k. */
    private static Worked choose(int n, int k, SplittableRandom random) {
        Working w = new Working();
        w.say("C(" + n + "," + k + ")");
        int j = Math.min(k, n - k);
        if (j != k) {
            w.say("C(" + n + "," + k + ")=C(" + n + "," + j + ")");
        }
        w.say("C(" + n + ",1)=" + n);
        long c = n;
        long before = 0;
        for (int i = 2; i <= j; i++) {
            before = c;
            c = w.mod(w.multiply(c, n - i + 1), i).quotient();
            w.say("C(" + n + "," + i + ")=" + c);
        }
        w.say("C(" + n + "," + k + ")=" + c);

        List<Working> checks = new ArrayList<>();
        if (j > 1) {
            Working last = new Working();
            last.mod(last.multiply(before, n - j + 1), j);
            checks.add(last);
        }
        String problem = Pick.format(Pick.one(random, CHOOSE), k, n, Pick.one(random, THINGS), Pick.one(random, PEOPLE));
        return Worked.of(problem, c, w, checks);
    }

    /** Orders of {@code k} of {@code n} distinct things ({@code k == 0}: all of them, n!). */
    private static Worked arrange(int n, int k, SplittableRandom random) {
        int places = k == 0 ? n : k;
        List<Long> factors = new ArrayList<>();
        for (int i = 0; i < places && n - i > 1; i++) {
            factors.add((long) (n - i));
        }
        String product = join(factors, "*");
        Working w = new Working();
        w.say(k == 0 ? n + "!=" + product : product);
        long count = product(w, factors);
        w.say((k == 0 ? n + "!" : product) + "=" + count);

        Working reverse = new Working();
        List<Long> reversed = new ArrayList<>(factors);
        Collections.reverse(reversed);
        product(reverse, reversed);
        String things = Pick.one(random, THINGS);
        String people = Pick.one(random, PEOPLE);
        String problem = k == 0 ? Pick.format(Pick.one(random, ALL), n, things, people)
                : Pick.format(Pick.one(random, ARRANGE), k, n, things, people);
        return Worked.of(problem, count, w, factors.size() > 2 ? List.of(reverse) : List.of());
    }

    /**
     * Distinct orders of a word's letters: n! over the factorials of the repeat counts, the largest
     * repeat cancelled first ({@code 6!/(3!*2!) = 6*5*4 / 2}).
     */
    private static Worked letters(String word, SplittableRandom random) {
        Map<Character, Integer> counts = new LinkedHashMap<>(); // letters in order of first appearance
        for (char c : word.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        StringBuilder tally = new StringBuilder(word).append(":");
        List<Integer> repeats = new ArrayList<>();
        counts.forEach((letter, times) -> {
            tally.append(' ').append(letter).append(times);
            if (times > 1) {
                repeats.add(times);
            }
        });
        repeats.sort(Collections.reverseOrder());
        int n = word.length();
        Working w = new Working();
        w.say(tally.toString());
        String formula = n + "!" + (repeats.isEmpty() ? "" : repeats.size() == 1 ? "/" + repeats.get(0) + "!"
                : "/(" + String.join("*", repeats.stream().map(r -> r + "!").toList()) + ")");
        int top = repeats.isEmpty() ? 1 : repeats.get(0);
        List<Long> factors = new ArrayList<>();
        for (long i = n; i > top && i > 1; i--) {
            factors.add(i);
        }
        w.say(formula + "=" + join(factors, "*") + (repeats.size() > 1 ? "/" + join(
                repeats.subList(1, repeats.size()).stream().map(r -> (long) factorial(r)).toList(), "/") : ""));
        long count = product(w, factors);
        for (int r : repeats.subList(Math.min(1, repeats.size()), repeats.size())) {
            count = w.mod(count, factorial(r)).quotient();
        }
        w.say(formula + "=" + count);

        Working recount = new Working();
        recount.say(tally.toString());
        return Worked.of(Pick.format(Pick.one(random, LETTERS), word), count, w, List.of(recount));
    }

    private static int factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }

    private static long product(Working w, List<Long> factors) {
        long acc = factors.get(0);
        for (int i = 1; i < factors.size(); i++) {
            acc = w.multiply(acc, factors.get(i));
        }
        return acc;
    }

    private static String join(List<Long> factors, String separator) {
        StringBuilder b = new StringBuilder();
        for (long f : factors) {
            b.append(b.length() > 0 ? separator : "").append(f);
        }
        return b.toString();
    }
}
