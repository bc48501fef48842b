package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void holdsItsCapacityRefillsAtItsRateAndSaysHowLongToWait() {
        TokenBucket b = new TokenBucket(2, 1.0, 0);
        assertThat(b.take(0)).isZero();
        assertThat(b.take(0)).isZero();
        assertThat(b.take(0)).isEqualTo(1);
        assertThat(b.take(SECOND / 2)).isEqualTo(1);
        assertThat(b.take(SECOND)).isZero();
        assertThat(b.isFull(SECOND)).isFalse();
        assertThat(b.isFull(100 * SECOND)).isTrue();
        // never more than its capacity, however long it rested
        assertThat(b.take(100 * SECOND)).isZero();
        assertThat(b.take(100 * SECOND)).isZero();
        assertThat(b.take(100 * SECOND)).isPositive();
    }

    @Test
    void waitIsRoundedUpToWholeSeconds() {
        TokenBucket slow = new TokenBucket(1, 0.1, 0);
        assertThat(slow.take(0)).isZero();
        assertThat(slow.take(0)).isEqualTo(10);
        assertThat(slow.take(SECOND)).isEqualTo(9);
    }

    @Test
    void aRequestRefusedByTheTenantGivesTheTokensShareBack() {
        AtomicLong now = new AtomicLong();
        // the token refills very slowly, the tenant once a second
        RateLimiter limiter = new RateLimiter(new AuthProperties.RateLimit(true, 0.001, 1.0, 2, 1), now::get);
        assertThat(limiter.acquire("t1", "acme")).isNull();
        RateLimiter.Refusal refused = limiter.acquire("t1", "acme");
        assertThat(refused.scope()).isEqualTo("tenant");
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(SECOND);
        // t1 still has the token the tenant refused to spend
        assertThat(limiter.acquire("t1", "acme")).isNull();
        assertThat(limiter.acquire("t1", "acme").scope()).isEqualTo("token");
        assertThat(limiter.acquire("t2", "other")).isNull();
    }
}
