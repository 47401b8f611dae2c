package io.retouch.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollars as Retouch prints them. */
public final class Usd {

    private Usd() {
    }

    /** Cents at least, and every digit of a price such as $0.134. */
    public static String usd(BigDecimal amount) {
        BigDecimal exact = amount.stripTrailingZeros();
        return "$" + (exact.scale() > 2 ? exact : amount.setScale(2, RoundingMode.UNNECESSARY)).toPlainString();
    }
}
