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
                359+22: 9+2+1=12, 14
                11-8: 11-8-1=2, 29
                68*6: 8*6+1=49, 98
                683*80=54640
                27=6*4+3, 84 |2
                19^2: 3*3=9=4*2+1
                19^21 mod 4=19^1 mod 4=3
                9x+38=236
                6x=104-26
                C(11,2)=55
                gcd(304,296)=8
                5!/(2!*2!)=5*4*3/2
                TEETH: T2 E2 H1
                """;
        assertEquals(List.of("9+2+1=12", "11-8-1=2", "8*6+1=49", "683*80=54640", "27=6*4+3", "3*3=9=4*2+1",
                "19^21 mod 4=19^1 mod 4=3"), ArithmeticClaims.claims(trace));
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
        assertEquals(List.of("12-5-1=7"), ArithmeticClaims.falseClaims("62-45: 12-5-1=7, 7"));
    }
}
