package org.aiorg.budget;

import java.math.BigDecimal;

/** A tenant's budget at one instant, in micro-USD. */
public record BudgetAccount(String tenant, long limitMicros, long spentMicros, long reservedMicros) {

    public long remainingMicros() {
        return limitMicros - spentMicros - reservedMicros;
    }

    public BigDecimal remainingUsd() {
        return Micros.toUsd(remainingMicros());
    }
}
