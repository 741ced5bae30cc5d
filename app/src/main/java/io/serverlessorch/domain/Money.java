package io.serverlessorch.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts as people read them: always two decimals, never an exponent ("19990.00", not "19990.0" or "1.999E+4"). */
public final class Money {

    private Money() {
    }

    public static String format(BigDecimal amount) {
        return amount.setScale(Order.MONEY_SCALE, RoundingMode.HALF_EVEN).toPlainString();
    }
}
