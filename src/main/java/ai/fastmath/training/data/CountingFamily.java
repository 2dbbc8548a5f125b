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

    private static Worked choose(int n, int k, SplittableRandom random) {
        Working w = new Working();
        w.say("This is C(" + n + ", " + k + "), the number of ways to choose " + k + " of " + n + ".");
        int j = k;
        if (k > n - k) {
            j = n - k;
            w.say("Choosing " + k + " is the same as leaving out " + j + ", so C(" + n + ", " + k + ") = C(" + n + ", " + j + ").");
        }
        w.say("Build it up with C(" + n + ", j) = C(" + n + ", j - 1) * (" + n + " - j + 1) / j.");
        w.say("C(" + n + ", 1) = " + n + ".");
        long c = n;
        long before = 0;
        for (int i = 2; i <= j; i++) {
            w.say("C(" + n + ", " + i + ") = C(" + n + ", " + (i - 1) + ") * " + (n - i + 1) + " / " + i + ".");
            before = c;
            c = w.divide(w.multiply(c, n - i + 1), i).quotient();
        }
        w.say("So C(" + n + ", " + k + ") = " + c + ".");

        List<List<String>> checks = new ArrayList<>();
        if (j > 1) {
            Working full = new Working();
            full.say("Wait, let me double-check with the full formula: the product of " + j
                    + " numbers down from " + n + ", divided by " + j + "!.");
            long top = n;
            long bottom = 1;
            for (int i = 1; i < j; i++) {
                top = full.multiply(top, n - i);
                bottom = bottom == 1 ? i + 1 : full.multiply(bottom, i + 1);
            }
            full.divide(top, bottom);
            full.say("Same answer, " + c + ".");
            checks.add(full.lines());
            Working last = new Working();
            last.say("Wait, let me redo the last step.");
            last.divide(last.multiply(before, n - j + 1), j);
            checks.add(last.lines());
        }
        String problem = Pick.format(Pick.one(random, CHOOSE), k, n, Pick.one(random, THINGS), Pick.one(random, PEOPLE));
        return new Worked(problem, c, w.lines(), checks, "C(" + n + ", " + k + ") = " + c + ".");
    }

    /** Orders of {@code k} of {@code n} distinct things; {@code k == 0} means all of them. */
    private static Worked arrange(int n, int k, SplittableRandom random) {
        int places = k == 0 ? n : k;
        List<Long> factors = new ArrayList<>();
        for (int i = 0; i < places && n - i > 1; i++) {
            factors.add((long) (n - i));
        }
        Working w = new Working();
        w.say("Fill the " + places + " places one at a time: " + n + " choices for the first, "
                + (n - 1) + " for the second, and so on.");
        w.say("So the count is " + join(factors, " * ") + ".");
        long count = product(w, factors);
        w.say("So there are " + count + " ways.");

        Working reverse = new Working();
        reverse.say("Wait, let me multiply again from the smallest factor.");
        List<Long> reversed = new ArrayList<>(factors);
        Collections.reverse(reversed);
        product(reverse, reversed);
        reverse.say("Same count, " + count + ".");

        Working last = new Working();
        last.say("Wait, let me double-check the last multiplication in columns.");
        last.multiplyColumns(count / factors.get(factors.size() - 1), factors.get(factors.size() - 1));

        String things = Pick.one(random, THINGS);
        String people = Pick.one(random, PEOPLE);
        String problem = k == 0 ? Pick.format(Pick.one(random, ALL), n, things, people)
                : Pick.format(Pick.one(random, ARRANGE), k, n, things, people);
        return new Worked(problem, count, w.lines(), List.of(reverse.lines(), last.lines()),
                "There are " + count + " ways.");
    }

    /** Distinct orders of a word's letters: n! over the factorials of the repeated letters' counts. */
    private static Worked letters(String word, SplittableRandom random) {
        Map<Character, Integer> counts = new LinkedHashMap<>(); // letters in order of first appearance
        for (char c : word.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        StringBuilder tally = new StringBuilder();
        List<Integer> repeats = new ArrayList<>();
        counts.forEach((letter, times) -> {
            tally.append(tally.length() > 0 ? ", " : "").append(letter).append(" ").append(times).append(times == 1 ? " time" : " times");
            if (times > 1) {
                repeats.add(times);
            }
        });
        int n = word.length();
        Working w = new Working();
        w.say(word + " has " + n + " letters: " + tally + ".");
        long all = factorial(w, n);
        long count = all;
        long bottom = 1;
        if (repeats.isEmpty()) {
            w.say("All letters are different, so the count is " + n + "! = " + all + ".");
        } else {
            w.say("Swapping equal letters gives the same word, so divide " + n + "! by the factorial of each repeat count.");
            for (int r : repeats) {
                long f = factorial(w, r);
                bottom = bottom == 1 ? f : w.multiply(bottom, f);
            }
            count = w.divide(all, bottom).quotient();
            w.say("So there are " + count + " arrangements.");
        }

        Working recount = new Working();
        recount.say("Wait, let me count the letters again: " + String.join(", ", word.split("")) + ".");
        recount.say("Yes: " + tally + ".");

        List<List<String>> checks = new ArrayList<>(List.of(recount.lines()));
        if (bottom > 1) {
            Working back = new Working();
            back.say("Wait, let me double-check by multiplying back: " + count + " * " + bottom + " should be " + all + ".");
            back.multiply(count, bottom);
            checks.add(back.lines());
        }
        return new Worked(Pick.format(Pick.one(random, LETTERS), word), count, w.lines(), checks,
                "The letters of " + word + " can be arranged in " + count + " ways.");
    }

    /** {@code n!}, multiplying from n down. */
    private static long factorial(Working w, int n) {
        List<Long> factors = new ArrayList<>();
        for (long i = n; i > 1; i--) {
            factors.add(i);
        }
        if (factors.size() < 2) {
            w.say(n + "! = " + n + ".");
            return n;
        }
        w.say(n + "! = " + join(factors, " * ") + ".");
        return product(w, factors);
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
