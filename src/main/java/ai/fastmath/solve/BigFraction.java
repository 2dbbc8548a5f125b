package ai.fastmath.solve;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number in lowest terms with a positive denominator, so that 0.5, 1/2 and
 * \frac{2}{4} are one value.
 */
public record BigFraction(BigInteger numerator, BigInteger denominator) {

    public BigFraction {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
    }

    public static BigFraction of(BigDecimal d) {
        if (Math.abs(d.scale()) > 1000) {
            throw new ArithmeticException("scale out of range");
        }
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0) {
            return new BigFraction(s.toBigIntegerExact(), BigInteger.ONE);
        }
        return new BigFraction(s.unscaledValue(), BigInteger.TEN.pow(s.scale()));
    }

    public BigFraction divide(BigFraction o) {
        return new BigFraction(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public BigFraction negate() {
        return new BigFraction(numerator.negate(), denominator);
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    /** "7", "-3", "1/2". */
    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
