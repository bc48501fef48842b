package org.aiorg.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is integer micro-USD inside; USD with six decimals at the edges. */
public final class Micros {

    public static final long PER_USD = 1_000_000L;

    private Micros() {}

    /** Exact for every amount with at most six decimals; rounds half-up beyond that. */
    public static long fromUsd(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }
}
