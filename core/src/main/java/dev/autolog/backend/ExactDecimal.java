package dev.autolog.backend;

import java.math.BigInteger;

/**
 * The double nearest {@code w · 10^q} (round half to even, as {@link Double#parseDouble}) for a decimal of at most
 * 18 significant digits, without making a string: Clinger's fast path when both factors are exact doubles, else
 * the Eisel–Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021) over a table of 128-bit
 * truncated powers of five. NaN where neither decides (subnormals, overflow, the rare undecidable products), for the
 * caller to ask {@link Double#parseDouble}.
 */
final class ExactDecimal {
    private static final int SMALLEST_POWER = -342;
    private static final int LARGEST_POWER = 308;
    private static final double[] EXACT_POWERS = new double[23];
    private static final long[] POWERS_OF_FIVE = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];

    static {
        EXACT_POWERS[0] = 1;
        for (int i = 1; i < EXACT_POWERS.length; i++) {
            EXACT_POWERS[i] = EXACT_POWERS[i - 1] * 10;
        }
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger c;
            if (q < 0) {
                BigInteger power5 = BigInteger.valueOf(5).pow(-q);
                int z = power5.subtract(BigInteger.ONE).bitLength(); // the least z with 2^z >= 5^-q
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(b).divide(power5).add(BigInteger.ONE);
            } else {
                c = BigInteger.valueOf(5).pow(q);
                if (c.bitLength() < 128) {
                    c = c.shiftLeft(128 - c.bitLength());
                }
            }
            if (c.compareTo(two128) >= 0) {
                c = c.shiftRight(c.bitLength() - 128);
            }
            int i = 2 * (q - SMALLEST_POWER);
            POWERS_OF_FIVE[i] = c.shiftRight(64).longValue();
            POWERS_OF_FIVE[i + 1] = c.longValue();
        }
    }

    private ExactDecimal() {
    }

    /** @param w 1 to 10^18 */
    static double of(long w, int q) {
        if (w <= 1L << 53 && q >= -22 && q <= 22) {
            return q >= 0 ? w * EXACT_POWERS[q] : w / EXACT_POWERS[-q];
        }
        if (q < SMALLEST_POWER || q > LARGEST_POWER) {
            return Double.NaN;
        }
        int lz = Long.numberOfLeadingZeros(w);
        long m = w << lz;
        int index = 2 * (q - SMALLEST_POWER);
        long hi = unsignedMultiplyHigh(m, POWERS_OF_FIVE[index]);
        long lo = m * POWERS_OF_FIVE[index];
        if ((hi & 0x1FF) == 0x1FF) {
            long sum = lo + unsignedMultiplyHigh(m, POWERS_OF_FIVE[index + 1]);
            hi += Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
            lo = sum;
        }
        if (lo == -1L && (q < -27 || q > 55)) {
            return Double.NaN;
        }
        int upper = (int) (hi >>> 63);
        long mantissa = hi >>> (upper + 9);
        int exponent = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
        if (exponent <= 0) {
            return Double.NaN;
        }
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && mantissa << (upper + 9) == hi) {
            mantissa &= ~1L; // exactly halfway: round to even
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= 1L << 53) {
            mantissa = 1L << 52;
            exponent++;
        }
        if (exponent >= 0x7FF) {
            return Double.NaN;
        }
        return Double.longBitsToDouble(mantissa & ~(1L << 52) | (long) exponent << 52);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
