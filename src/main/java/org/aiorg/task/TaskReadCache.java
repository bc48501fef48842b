package org.aiorg.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.aiorg.tenant.TenantId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Rendered answers of read endpoints (backlog pages, the graph), per tenant, valid while the
 * tenant's tasks are unchanged. Every task change in this process bumps the tenant's generation
 * after commit, so a client always reads its own writes. Changes made by other processes (workers
 * on a shared PostgreSQL) are seen within {@code aiorg.cache.max-age} (default 1 s).
 */
@Component
public class TaskReadCache {

    /** A rendered answer: the JSON body and, for paged answers, the next page's link. */
    public record Rendered(byte[] body, String nextLink) {}

    /** A cached answer and the version it belongs to (usable as an ETag). */
    public record Entry(byte[] body, String nextLink, String etag) {}

    private record Stored(long generation, long createdNanos, Entry entry) {}

    private static final int MAX_ENTRIES = 2_000;

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Stored> entries = new ConcurrentHashMap<>();
    private final long maxAgeNanos;

    TaskReadCache(@Value("${aiorg.cache.max-age:1s}") Duration maxAge) {
        this.maxAgeNanos = maxAge.toNanos();
    }

    public Entry get(TenantId tenant, String key, Supplier<Rendered> render) {
        long generation = counter(tenant).get();
        String fullKey = tenant.value() + "\u0000" + key;
        Stored s = entries.get(fullKey);
        long now = System.nanoTime();
        if (s != null && s.generation() == generation && now - s.createdNanos() < maxAgeNanos) {
            return s.entry();
        }
        Rendered r = render.get();
        Entry entry = new Entry(r.body(), r.nextLink(),
                "\"" + Long.toHexString(generation) + "-" + Integer.toHexString(java.util.Arrays.hashCode(r.body())) + "\"");
        if (maxAgeNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(fullKey, new Stored(generation, now, entry));
        }
        return entry;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskCreated e) {
        bump(e.tenant());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskChanged e) {
        bump(e.tenant());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskDeleted e) {
        bump(e.tenant());
    }

    /** The tenant's current version of its tasks in this process. */
    public long generation(TenantId tenant) {
        return counter(tenant).get();
    }

    public void bump(TenantId tenant) {
        counter(tenant).incrementAndGet();
    }

    private AtomicLong counter(TenantId tenant) {
        return generations.computeIfAbsent(tenant.value(), k -> new AtomicLong());
    }
}
