package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim checker the curriculum tests rely on: it finds the claims of each trace style and catches false ones. */
class ArithmeticClaimsTest {

    @Test
    void findsTheClaimsOfEveryTraceStyle() {
        String trace = """
                Tens: 7 + 5 + 1 = 13, write 3, carry 1.
                Tens: 0 - 1 needs a borrow, 10 - 1 = 9, then 9 - 5 = 4.
                4 * 6 + 4 = 28, write 28.
                418 / 46: 46 * 9 = 414, 418 - 414 = 4, write 9.
                3^4: 2 * 2 = 4 = 0 * 7 + 4, so 3^4 mod 7 = 4.
                Now 3^13 = 3^8 * 3^4 * 3^1.
                So 7x + 15 = 113, and x = 14 solves 3x + 5 = 47.
                C(9, 2) = C(9, 1) * 8 / 2.
                """;
        assertEquals(List.of("7 + 5 + 1 = 13", "10 - 1 = 9", "9 - 5 = 4", "4 * 6 + 4 = 28", "46 * 9 = 414",
                "418 - 414 = 4", "2 * 2 = 4 = 0 * 7 + 4", "3^4 mod 7 = 4", "3^13 = 3^8 * 3^4 * 3^1"),
                ArithmeticClaims.claims(trace));
        assertEquals(List.of(), ArithmeticClaims.falseClaims(trace));
    }

    @Test
    void catchesFalseClaims() {
        assertFalse(ArithmeticClaims.holds("8 + 6 = 15"));
        assertFalse(ArithmeticClaims.holds("16 = 2 * 7 + 3"));
        assertFalse(ArithmeticClaims.holds("10 / 3 = 3"), "a division must be exact");
        assertFalse(ArithmeticClaims.holds("2^10 mod 7 = 3"));
        assertTrue(ArithmeticClaims.holds("2^10 mod 7 = 2"));
        assertTrue(ArithmeticClaims.holds("2 + 3 * 4 = 14"), "precedence");
        assertEquals(List.of("12 - 5 = 8"), ArithmeticClaims.falseClaims("3 < 5, so borrow: 12 - 5 = 8."));
    }
}
