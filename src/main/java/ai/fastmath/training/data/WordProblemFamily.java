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
        w.say(who.name() + " starts with " + a + " " + items + ". First add the " + b + " bought.");
        long total = w.add(a, b);
        w.say("Then take away the " + c + " given away.");
        long left = w.subtract(total, c);
        w.say("So " + who.name() + " has " + left + " " + items + " now.");

        Working back = new Working();
        back.say("Wait, let me work backwards to check.");
        back.subtract(back.add(left, c), b);
        back.say("That is the " + a + " " + items + " " + who.name() + " started with.");

        Working first = new Working();
        first.say("Wait, let me double-check the first sum in the other order.");
        first.add(b, a);
        return new Worked(problem, left, w.lines(), List.of(back.lines(), first.lines()),
                a + " + " + b + " - " + c + " = " + left + ".");
    }

    private static Worked travel(int level, SplittableRandom random) {
        long speed = level == 3 ? Pick.between(random, 100, 300) : Pick.between(random, level == 1 ? 20 : 40, 99);
        long hours = level == 1 ? Pick.between(random, 2, 9) : Pick.between(random, 10, 24);
        String problem = random.nextBoolean()
                ? Pick.format("A train travels at %d km per hour for %d hours. How many km does it travel?", speed, hours)
                : Pick.format("A car drives for %d hours at %d km per hour. How far does it go, in km?", hours, speed);
        Working w = new Working();
        w.say("Distance is speed times time: " + speed + " km per hour for " + hours + " hours.");
        long distance = w.multiply(speed, hours);
        w.say("So it travels " + distance + " km.");
        return product(problem, speed, hours, distance, w, "The distance is " + speed + " * " + hours + " = " + distance + " km.");
    }

    private static Worked boxes(int level, String items, SplittableRandom random) {
        long count = level == 1 ? Pick.between(random, 2, 9) : Pick.digits(random, level);
        long each = Pick.digits(random, 2);
        String problem = random.nextBoolean()
                ? Pick.format("There are %d boxes with %d %s in each box. How many %s are there in total?", count, each, items, items)
                : Pick.format("A shop has %d packs of %s, each with %d %s. How many %s is that in all?", count, items, each, items, items);
        Working w = new Working();
        w.say(count + " groups of " + each + " " + items + " make " + count + " * " + each + ".");
        long total = w.multiply(count, each);
        w.say("So there are " + total + " " + items + ".");
        return product(problem, count, each, total, w, count + " * " + each + " = " + total + " " + items + ".");
    }

    /** The checks of a product story: divide back, and multiply the other way in columns. */
    private static Worked product(String problem, long x, long y, long result, Working w, String summary) {
        Working inverse = new Working();
        inverse.say("Wait, let me double-check by dividing: " + result + " / " + y + " should be " + x + ".");
        inverse.divide(result, y);
        Working swapped = new Working();
        swapped.say("Wait, let me multiply again the other way round.");
        swapped.multiplyColumns(y, x);
        return new Worked(problem, result, w.lines(), List.of(inverse.lines(), swapped.lines()), summary);
    }

    private static Worked sharing(int level, Person who, String items, SplittableRandom random) {
        long k = level == 1 ? Pick.between(random, 2, 9) : Pick.between(random, level == 2 ? 2 : 3, 12);
        long each = level == 1 ? Pick.between(random, 2, 20) : Pick.digits(random, level);
        long total = k * each;
        String problem = random.nextBoolean()
                ? Pick.format("%s shares %d %s equally among %d friends. How many %s does each friend get?", who.name(), total, items, k, items)
                : Pick.format("%d %s are packed equally into %d bags. How many %s are in each bag?", total, items, k, items);
        Working w = new Working();
        w.say("Split " + total + " " + items + " into " + k + " equal parts: " + total + " / " + k + ".");
        w.divide(total, k);
        w.say("So each gets " + each + " " + items + ".");

        Working back = new Working();
        back.say("Wait, let me double-check by multiplying back: " + each + " * " + k + " should be " + total + ".");
        back.multiply(each, k);
        Working again = new Working();
        again.say("Wait, let me redo the division digit by digit.");
        again.divideColumns(total, k);
        return new Worked(problem, each, w.lines(), List.of(back.lines(), again.lines()),
                total + " / " + k + " = " + each + ".");
    }

    private static Worked number(int level, Person who, SplittableRandom random) {
        long a = level == 1 ? Pick.between(random, 2, 9) : level == 2 ? Pick.between(random, 2, 12) : Pick.between(random, 11, 25);
        long x = level == 1 ? Pick.between(random, 1, 20) : level == 2 ? Pick.between(random, 10, 60) : Pick.between(random, 20, 99);
        long b = level == 1 ? Pick.between(random, 1, 30) : level == 2 ? Pick.between(random, 10, 99) : Pick.between(random, 100, 500);
        long c = a * x + b;
        String problem = Pick.format("%s thinks of a number, multiplies it by %d and then adds %d. The result is %d. What was the number?",
                who.name(), a, b, c);
        Working w = new Working();
        w.say("Undo the steps in reverse order. First undo adding " + b + ".");
        long product = w.subtract(c, b);
        w.say("Then undo multiplying by " + a + ".");
        w.divide(product, a);
        w.say("So the number was " + x + ".");

        Working forward = new Working();
        forward.say("Wait, let me check by doing the steps forward with " + x + ".");
        forward.add(forward.multiply(x, a), b);
        forward.say("That gives " + c + ", as stated.");

        Working first = new Working();
        first.say("Wait, let me double-check the subtraction by adding back.");
        first.add(product, b);
        return new Worked(problem, x, w.lines(), List.of(forward.lines(), first.lines()),
                "The number was " + x + ", because " + x + " * " + a + " + " + b + " = " + c + ".");
    }
}
