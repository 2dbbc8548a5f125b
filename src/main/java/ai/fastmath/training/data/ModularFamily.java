package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Remainders and small modular powers. Level 1: a 3-digit number mod 3..9 by long division. Level 2:
 * a 4-digit number mod 3..12, or {@code a^e mod m} (a up to 9, e up to 6). Level 3: {@code a^e mod m}
 * (a up to 20, e 6..24, m up to 13). Powers climb one at a time until they reach e, 1 or 0.
 */
final class ModularFamily implements Family {

    private static final List<String> REMAINDER = List.of("What is the remainder when %d is divided by %d?",
            "Find %d mod %d.", "Compute %d modulo %d.", "What is %d mod %d?");
    private static final List<String> POWER = List.of("What is %d^%d mod %d?",
            "Find the remainder when %d^%d is divided by %d.", "Compute %d^%d modulo %d.");

    @Override
    public String name() {
        return "modular";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        if (level == 1) {
            return remainder(Pick.digits(random, 3), Pick.between(random, 3, 9), random);
        }
        if (level == 2 && random.nextBoolean()) {
            return remainder(Pick.digits(random, 4), Pick.between(random, 3, 12), random);
        }
        int m = Pick.between(random, 3, 13);
        int a;
        do {
            a = level == 2 ? Pick.between(random, 2, 9) : Pick.between(random, 2, 20);
        } while (a % m < 2); // 0 and 1 would make every power trivial
        int e = level == 2 ? Pick.between(random, 2, 6) : Pick.between(random, 6, 24);
        String problem = Pick.format(Pick.one(random, POWER), a, e, m);
        return power(problem, a, e, m);
    }

    private static Worked remainder(long n, long d, SplittableRandom random) {
        Working w = new Working();
        w.say(n + " mod " + d);
        Division div = w.divide(n, d);
        w.say(n + " mod " + d + "=" + div.remainder());

        Working back = new Working();
        long product = back.multiply(d, div.quotient());
        if (div.remainder() > 0) {
            back.add(product, div.remainder());
        }
        Working redo = new Working();
        redo.divide(n, d);
        return Worked.of(Pick.format(Pick.one(random, REMAINDER), n, d), div.remainder(), w, List.of(back, redo));
    }

    /**
     * {@code a^e mod m} multiplying by {@code a mod m} one power at a time, each product reduced as
     * {@code p=m*q+r}. A power that comes to 1 ends the climb: {@code a^e = a^(e mod k)}; one that comes
     * to 0 stays 0.
     */
    private static Worked power(String problem, int a, int e, int m) {
        Working w = new Working();
        String head = a + "^" + e + " mod " + m;
        w.say(head);
        int base = a % m;
        if (a >= m) {
            w.say(a + "=" + m + "*" + a / m + "+" + base);
        }
        w.say(a + "^1: " + base);
        List<String> climb = new ArrayList<>();
        int[] r = new int[e + 1];
        r[1] = base;
        int result = -1;
        for (int k = 2; k <= e; k++) {
            int p = r[k - 1] * base;
            r[k] = p % m;
            climb.add(a + "^" + k + ": " + r[k - 1] + "*" + base + "=" + p + "=" + m + "*" + p / m + "+" + r[k]);
            w.say(climb.get(climb.size() - 1));
            if (r[k] == 0) {
                result = 0;
                w.say(head + "=0");
                break;
            }
            if (r[k] == 1 && k < e) {
                Division cycle = w.divide(e, k);
                int s = (int) cycle.remainder();
                result = s == 0 ? 1 : r[s];
                w.say(head + "=" + a + "^" + s + " mod " + m + "=" + result);
                break;
            }
        }
        if (result < 0) {
            result = r[e];
            w.say(head + "=" + result);
        }
        Working redo = new Working();
        climb.forEach(redo::say);
        return Worked.of(problem, result, w, climb.size() > 1 ? List.of(redo) : List.of());
    }
}
