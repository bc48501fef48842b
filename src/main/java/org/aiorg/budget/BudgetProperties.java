package org.aiorg.budget;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Budget settings.
 *
 * @param defaultLimitUsd the limit a new tenant starts with unless one is given
 */
@ConfigurationProperties("aiorg.budget")
public record BudgetProperties(BigDecimal defaultLimitUsd) {

    public BudgetProperties {
        if (defaultLimitUsd == null) {
            defaultLimitUsd = new BigDecimal("5.00");
        }
    }
}
