package org.aiorg.outbox;

/**
 * A consumer's row in {@code outbox_consumer}.
 *
 * @param position   the last outbox id it applied (it reads rows after it)
 * @param owner      the process holding the lease, or null
 * @param leaseUntil epoch milliseconds; after it another process may take over
 * @param resync     rows it had not applied were pruned: it must rebuild its view from the tables
 * @param updatedAt  epoch milliseconds of its last lease renewal or advance
 */
public record OutboxConsumer(String name, long position, String owner, long leaseUntil, boolean resync, long updatedAt) {}
