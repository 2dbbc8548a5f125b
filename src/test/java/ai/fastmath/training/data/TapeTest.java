package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tape arithmetic: worked examples checked by hand, and on random operands the property a small
 * model relies on: each column line restates the operands of the line before with their last digit
 * dropped, the partial result grows by one digit, every line is a true claim, and the last line is
 * the result BigInteger computes.
 */
class TapeTest {

    private static List<String> lines(java.util.function.Consumer<Working> work) {
        Working w = new Working();
        work.accept(w);
        return w.lines();
    }

    @Test
    void workedExamplesByHand() {
        assertEquals(List.of("3590+224: 0+4=4, 4", "359+22: 9+2=11, 14", "35+2: 5+2+1=8, 814", "3+0: 3+0=3, 3814",
                "3590+224=3814"), lines(w -> w.add(3590, 224)));
        assertEquals(List.of("6011-487: 11-7=4, 4", "601-48: 11-8-1=2, 24", "60-4: 10-4-1=5, 524", "6-0: 6-0-1=5, 5524",
                "6011-487=5524"), lines(w -> w.subtract(6011, 487)));
        assertEquals(List.of("2496-2191: 6-1=5, 5", "249-219: 9-9=0, 05", "24-21: 4-1=3, 305", "2-2: 2-2=0, 0305",
                "2496-2191=305"), lines(w -> w.subtract(2496, 2191)), "leading zeros stay on the tape, not in the result");
        assertEquals(List.of("683*86", "683*6: 3*6=18, 8", "68*6: 8*6+1=49, 98", "6*6: 6*6+4=40, 4098", "683*6=4098",
                "683*8: 3*8=24, 4", "68*8: 8*8+2=66, 64", "6*8: 6*8+6=54, 5464", "683*8=5464", "683*80=54640",
                "4098+54640: 8+0=8, 8", "409+5464: 9+4=13, 38", "40+546: 0+6+1=7, 738", "4+54: 4+4=8, 8738",
                "0+5: 0+5=5, 58738", "4098+54640=58738", "683*86=58738"), lines(w -> w.multiply(86, 683)));
        assertEquals(List.of("50=6*8+2, 8 |72", "27=6*4+3, 84 |2", "32=6*5+2, 845 |", "5072=6*845+2"),
                lines(w -> w.divide(5072, 6)));
        assertEquals(List.of("5=5*1+0, 1 |072", "0=5*0+0, 10 |72", "7=5*1+2, 101 |2", "22=5*4+2, 1014 |", "5072=5*1014+2"),
                lines(w -> w.divide(5072, 5)), "a zero quotient digit is written");
        assertEquals(List.of("7*8=56"), lines(w -> w.multiply(7, 8)), "a table fact is one line");
        assertEquals(List.of("12*11=132"), lines(w -> w.multiply(12, 11)));
        assertEquals(List.of("990*10=9900"), lines(w -> w.multiply(990, 10)), "a power of ten shifts");
        assertEquals(List.of("13-8=5"), lines(w -> w.subtract(13, 8)), "inverse of the addition table");
        assertEquals(List.of("29=14*2+1"), lines(w -> w.divide(29, 14)), "below ten times the divisor: one line");
        assertEquals(List.of("304-296: 14-6=8, 8", "30-29: 10-9-1=0, 08", "3-2: 3-2-1=0, 008", "304-296=8", "304=296*1+8"),
                lines(w -> w.mod(304, 296)), "a divisor past the table: the difference in columns");
    }

    private static final Pattern ADD = Pattern.compile("(\\d+)\\+(\\d+): \\d+\\+\\d+(?:\\+1)?=(\\d+), (\\d+)");
    private static final Pattern SUB = Pattern.compile("(\\d+)-(\\d+): \\d+-\\d+(?:-1)?=(\\d+), (\\d+)");

    @Test
    void columnLinesRestateTheOperandsOneDigitShorterAndGrowTheResultByADigit() {
        SplittableRandom random = new SplittableRandom(11);
        int tapes = 0;
        for (int i = 0; i < 2000; i++) {
            long a = random.nextLong(1, 100_000);
            long b = random.nextLong(0, 100_000);
            tapes += checkColumns(lines(w -> w.add(a, b)), ADD, a, b, a + b, Long::sum);
            long hi = Math.max(a, b);
            long lo = Math.min(a, b);
            tapes += checkColumns(lines(w -> w.subtract(hi, lo)), SUB, hi, lo, hi - lo, (x, y) -> x - y);
        }
        assertTrue(tapes > 3500, "most random pairs are worked in columns: " + tapes);
    }

    /** 1 when the lines were a column tape, 0 for a one-line fact. */
    private static int checkColumns(List<String> lines, Pattern shape, long a, long b, long result,
            BiFunction<Long, Long, Long> op) {
        assertEquals(List.of(), ArithmeticClaims.falseClaims(String.join("\n", lines)), lines.toString());
        assertEquals(op.apply(a, b), result);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.endsWith("=" + result), last);
        if (lines.size() == 1) {
            return 0;
        }
        long x = a;
        long y = b;
        for (int k = 0; k < lines.size() - 1; k++, x /= 10, y /= 10) {
            Matcher m = shape.matcher(lines.get(k));
            assertTrue(m.matches(), lines.get(k));
            assertEquals(x, Long.parseLong(m.group(1)), "left operand of line " + k + " in " + lines);
            assertEquals(y, Long.parseLong(m.group(2)), "right operand of line " + k + " in " + lines);
            String acc = m.group(4);
            BigInteger mod = BigInteger.TEN.pow(k + 1);
            boolean lastColumn = k == lines.size() - 2;
            assertEquals(lastColumn ? BigInteger.valueOf(result) : BigInteger.valueOf(result).mod(mod), new BigInteger(acc),
                    "partial result of line " + k + " in " + lines);
            assertEquals(lastColumn ? acc.length() : k + 1, acc.length(), lines.toString());
        }
        return 1;
    }

    @Test
    void productsAndDivisionsEndOnTheirResultAndHoldEveryClaim() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 2000; i++) {
            long a = random.nextLong(1, 1000);
            long b = random.nextLong(1, 100);
            List<String> product = lines(w -> w.multiply(a, b));
            assertEquals(List.of(), ArithmeticClaims.falseClaims(String.join("\n", product)), product.toString());
            assertTrue(product.get(product.size() - 1).matches("\\d+\\*\\d+=" + a * b), product.toString());
            long n = random.nextLong(1, 100_000);
            long d = random.nextLong(1, Tape.DIVISOR_TABLE + 1);
            List<String> division = lines(w -> w.divide(n, d));
            assertEquals(List.of(), ArithmeticClaims.falseClaims(String.join("\n", division)), division.toString());
            assertEquals(n + "=" + d + "*" + n / d + "+" + n % d, division.get(division.size() - 1));
            long m = random.nextLong(26, 400);
            List<String> mod = lines(w -> w.mod(n % 1000, m));
            assertTrue(mod.get(mod.size() - 1).endsWith("+" + n % 1000 % m), mod.toString());
            assertEquals(List.of(), ArithmeticClaims.falseClaims(String.join("\n", mod)), mod.toString());
        }
    }

    @Test
    void longDivisionBringsTheNextDigitDownFromTheRest() {
        List<String> lines = lines(w -> w.divide(98765, 7));
        for (int k = 1; k < lines.size() - 1; k++) {
            String before = lines.get(k - 1);
            String rest = before.substring(before.indexOf('|') + 1);
            long remainder = Long.parseLong(before.substring(before.indexOf('+') + 1, before.indexOf(',')));
            long cur = Long.parseLong(lines.get(k).substring(0, lines.get(k).indexOf('=')));
            assertEquals(remainder * 10 + (rest.charAt(0) - '0'), cur, lines.toString());
            assertEquals(rest.substring(1), lines.get(k).substring(lines.get(k).indexOf('|') + 1), lines.toString());
        }
    }

    @Test
    void impossibleOperationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Working().subtract(3, 5));
        assertThrows(IllegalArgumentException.class, () -> new Working().divide(5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Working().divide(1000, 40), "long division by a non-table divisor");
    }
}
