package org.aiorg.security;

/**
 * A classic token bucket: {@code capacity} tokens, refilled continuously at {@code perSecond}.
 * Time is passed in (nanoseconds), so tests move it instead of sleeping.
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    TokenBucket(double capacity, double perSecond, long now) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.last = now;
    }

    /** Takes one token: 0 if there was one, else the seconds until there will be (at least 1). */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }

    /** Gives back a token taken for a request that another bucket then refused. */
    synchronized void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Full again: nothing would change if it were forgotten and made anew. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
