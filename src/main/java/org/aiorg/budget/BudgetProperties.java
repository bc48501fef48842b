package org.aiorg.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Budget settings ({@code aiorg.budget.*}; each also an {@code AIORG_BUDGET_*} environment variable).
 *
 * @param defaultLimitUsd the limit a new tenant starts with unless one is given
 * @param store           {@code sql} (the database itself) or {@code redis}; blank: redis when
 *                        {@code aiorg.redis.url} is set, else sql
 * @param defaultPrice    the price of a model that has none (USD per 1k tokens)
 * @param models          prices by model name; keys with dots need brackets: {@code aiorg.budget.models[gpt-4.1].input}
 * @param pricingFile     a CSV file {@code model,input_usd_per_1k,output_usd_per_1k}; properties win over it
 * @param reservationTtl  how long a reservation lives when the caller gives no ttl
 * @param sweepInterval   how often expired reservations are released (or charged, when marked sent)
 * @param sweeper         false to run no sweeper in this process (CLI commands)
 * @param redisHistory    how long Redis keeps an ended reservation, so that a repeated settle is answered from memory
 */
@ConfigurationProperties("aiorg.budget")
public record BudgetProperties(BigDecimal defaultLimitUsd, String store, PriceSetting defaultPrice,
        Map<String, PriceSetting> models, String pricingFile, Duration reservationTtl, Duration sweepInterval,
        Boolean sweeper, Duration redisHistory) {

    /**
     * A price as configured.
     *
     * @param input  USD per 1k input tokens
     * @param output USD per 1k output tokens
     */
    public record PriceSetting(BigDecimal input, BigDecimal output) {

        Pricing.Price toPrice(String model) {
            try {
                return Pricing.Price.ofUsdPer1k(input == null ? Pricing.DEFAULT.inputUsdPer1k() : input,
                        output == null ? Pricing.DEFAULT.outputUsdPer1k() : output);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("aiorg.budget price of model '" + model + "': " + e.getMessage(), e);
            }
        }
    }

    public BudgetProperties {
        if (defaultLimitUsd == null) {
            defaultLimitUsd = new BigDecimal("5.00");
        }
        if (defaultPrice == null) {
            defaultPrice = new PriceSetting(null, null);
        }
        models = models == null ? Map.of() : Map.copyOf(models);
        if (reservationTtl == null) {
            reservationTtl = Duration.ofMinutes(10);
        }
        if (sweepInterval == null) {
            sweepInterval = Duration.ofSeconds(10);
        }
        if (sweeper == null) {
            sweeper = true;
        }
        if (redisHistory == null) {
            redisHistory = Duration.ofMinutes(10);
        }
    }

    /** Defaults everywhere: for tests and tools that build the budget without Spring. */
    public static BudgetProperties defaults() {
        return new BudgetProperties(null, null, null, null, null, null, null, null, null);
    }

    /** The store to use, given the Redis URL (or null). */
    String storeFor(String redisUrl) {
        String s = store == null ? "" : store.strip().toLowerCase();
        if (s.isEmpty()) {
            return redisUrl == null || redisUrl.isBlank() ? "sql" : "redis";
        }
        if (!s.equals("sql") && !s.equals("redis")) {
            throw new IllegalStateException("aiorg.budget.store must be sql or redis (got '" + store + "')");
        }
        return s;
    }
}
