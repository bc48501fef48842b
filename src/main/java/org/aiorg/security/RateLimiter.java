package org.aiorg.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One bucket per token and one per tenant, in this process's memory (with several API processes
 * each enforces the limit on its own share of the traffic). A request needs a token from both;
 * one refused by the tenant's bucket gives its token back, so a busy tenant does not also drain
 * the token's bucket. Idle buckets are forgotten once there are many.
 */
final class RateLimiter {

    /** Which limit refused a request, and for how long. */
    record Refusal(String scope, long retryAfterSeconds) {}

    static final int SWEEP_ABOVE = 10_000;

    private final AuthProperties.RateLimit config;
    private final LongSupplier nanos;
    private final Map<String, TokenBucket> perToken = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> perTenant = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    RateLimiter(AuthProperties.RateLimit config, LongSupplier nanos) {
        this.config = config;
        this.nanos = nanos;
    }

    /** Null when the request may go on. */
    Refusal acquire(String tokenKey, String tenant) {
        long now = nanos.getAsLong();
        TokenBucket token = bucket(perToken, tokenKey, config.burst(), config.perTokenPerSecond(), now);
        long wait = token.take(now);
        if (wait > 0) {
            return new Refusal("token", wait);
        }
        TokenBucket shared = bucket(perTenant, tenant, config.tenantBurst(), config.perTenantPerSecond(), now);
        wait = shared.take(now);
        if (wait > 0) {
            token.giveBack();
            return new Refusal("tenant", wait);
        }
        return null;
    }

    int size() {
        return perToken.size() + perTenant.size();
    }

    private TokenBucket bucket(Map<String, TokenBucket> buckets, String key, int capacity, double perSecond, long now) {
        TokenBucket b = buckets.get(key);
        if (b != null) {
            return b;
        }
        if (buckets.size() >= SWEEP_ABOVE) {
            sweep(buckets, now);
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, perSecond, now));
    }

    /** At most once a second: full buckets carry no information. */
    private void sweep(Map<String, TokenBucket> buckets, long now) {
        long last = lastSweep.get();
        if (now - last > 1_000_000_000L && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
    }
}
