package io.securewebinfra.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are exact decimals; only a resource's monthly figure is rounded, to cents, so totals add up exactly. */
final class Money {
    private Money() {
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal of(long value) {
        return BigDecimal.valueOf(value);
    }

    /** A price or quantity as written, without trailing zeros: 0.0114, 730, 20. */
    static String show(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
