package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Short story problems that reduce to the arithmetic of the other families: buying and giving away
 * (add, then subtract), distance at a speed (multiply), boxes of items (multiply), sharing equally
 * (divide) and "think of a number" (undo a multiplication and an addition). Numbers grow with the
 * level from 2 to 3 or 4 digits.
 */
final class WordProblemFamily implements Family {

    /** Someone in a story, with the pronoun the text uses for them. */
    private record Person(String name, String pronoun) {}

    private static final List<Person> PEOPLE = List.of(new Person("Maria", "she"), new Person("Tom", "he"),
            new Person("Ana", "she"), new Person("Sam", "he"), new Person("Omar", "he"), new Person("Priya", "she"),
            new Person("Ken", "he"), new Person("Lena", "she"));
    private static final List<String> ITEMS = List.of("apples", "marbles", "stickers", "stamps", "pencils",
            "cookies", "cards", "shells");

    @Override
    public String name() {
        return "word";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        Person who = Pick.one(random, PEOPLE);
        String items = Pick.one(random, ITEMS);
        return switch (random.nextInt(5)) {
            case 0 -> shopping(level, who, items, random);
            case 1 -> travel(level, random);
            case 2 -> boxes(level, items, random);
            case 3 -> sharing(level, who, items, random);
            default -> number(level, who, random);
        };
    }

    private static Worked shopping(int level, Person who, String items, SplittableRandom random) {
        long a = Pick.digits(random, level + 1);
        long b = Pick.digits(random, level + 1);
        long c = 1 + random.nextLong(a + b);
        String problem = Pick.format("%s has %d %s. %s buys %d more and then gives away %d. How many %s does %s have now?",
                who.name(), a, items, Pick.capitalized(who.pronoun()), b, c, items, who.pronoun());
        Working w = new Working();
        w.say(a + "+" + b + "-" + c);
        long left = w.subtract(w.add(a, b), c);
        w.say(a + "+" + b + "-" + c + "=" + left);

        Working back = new Working();
        back.subtract(back.add(left, c), b);
        Working first = new Working();
        first.add(b, a);
        return Worked.of(problem, left, w, List.of(back, first));
    }

    private static Worked travel(int level, SplittableRandom random) {
        long speed = level == 3 ? Pick.between(random, 100, 300) : Pick.between(random, level == 1 ? 20 : 40, 99);
        long hours = level == 1 ? Pick.between(random, 2, 9) : Pick.between(random, 10, 24);
        String problem = random.nextBoolean()
                ? Pick.format("A train travels at %d km per hour for %d hours. How many km does it travel?", speed, hours)
                : Pick.format("A car drives for %d hours at %d km per hour. How far does it go, in km?", hours, speed);
        return product(problem, speed, hours);
    }

    private static Worked boxes(int level, String items, SplittableRandom random) {
        long count = level == 1 ? Pick.between(random, 2, 9) : Pick.digits(random, level);
        long each = Pick.digits(random, 2);
        String problem = random.nextBoolean()
                ? Pick.format("There are %d boxes with %d %s in each box. How many %s are there in total?", count, each, items, items)
                : Pick.format("A shop has %d packs of %s, each with %d %s. How many %s is that in all?", count, items, each, items, items);
        return product(problem, count, each);
    }

    /** A product story, {@code x * y}; checks: divide back by the smaller factor, and multiply the other way round. */
    private static Worked product(String problem, long x, long y) {
        Working w = new Working();
        long result = w.multiply(x, y);
        Working inverse = new Working();
        inverse.mod(result, Math.min(x, y));
        Working swapped = new Working();
        swapped.multiply(y, x);
        return Worked.of(problem, result, w, List.of(inverse, swapped));
    }

    private static Worked sharing(int level, Person who, String items, SplittableRandom random) {
        long k = level == 1 ? Pick.between(random, 2, 9) : Pick.between(random, level == 2 ? 2 : 3, 12);
        long each = level == 1 ? Pick.between(random, 2, 20) : Pick.digits(random, level);
        long total = k * each;
        String problem = random.nextBoolean()
                ? Pick.format("%s shares %d %s equally among %d friends. How many %s does each friend get?", who.name(), total, items, k, items)
                : Pick.format("%d %s are packed equally into %d bags. How many %s are in each bag?", total, items, k, items);
        Working w = new Working();
        w.say(total + "/" + k);
        w.divide(total, k);
        w.say(total + "/" + k + "=" + each);

        Working back = new Working();
        back.multiply(each, k);
        Working again = new Working();
        again.divide(total, k);
        return Worked.of(problem, each, w, List.of(back, again));
    }

    private static Worked number(int level, Person who, SplittableRandom random) {
        long a = level == 1 ? Pick.between(random, 2, 9) : level == 2 ? Pick.between(random, 2, 12) : Pick.between(random, 11, 25);
        long x = level == 1 ? Pick.between(random, 1, 20) : level == 2 ? Pick.between(random, 10, 60) : Pick.between(random, 20, 99);
        long b = level == 1 ? Pick.between(random, 1, 30) : level == 2 ? Pick.between(random, 10, 99) : Pick.between(random, 100, 500);
        long c = a * x + b;
        String problem = Pick.format("%s thinks of a number, multiplies it by %d and then adds %d. The result is %d. What was the number?",
                who.name(), a, b, c);
        Working w = new Working();
        w.say(a + "x+" + b + "=" + c);
        w.say(a + "x=" + c + "-" + b);
        long product = w.subtract(c, b);
        w.say(a + "x=" + product);
        w.divide(product, a);
        w.say("x=" + x);

        Working forward = new Working();
        forward.add(forward.multiply(x, a), b);
        Working first = new Working();
        first.add(product, b);
        return Worked.of(problem, x, w, List.of(forward, first));
    }
}
