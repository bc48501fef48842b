/**
 * The transactional outbox: every task change is also written as a row of the {@code outbox}
 * table in the same SQL transaction ({@link org.aiorg.outbox.OutboxWriter} listens to the task
 * events, which are published inside the writing transaction), so that consumers in other
 * processes (the Neo4j projection's relay; later the live dashboard) see each committed change
 * exactly once and in order, and a rolled-back change never. Public face:
 * {@link org.aiorg.outbox.Outbox} (reading rows, consumer positions and leases, pruning),
 * {@link org.aiorg.outbox.OutboxEntry}, {@link org.aiorg.outbox.OutboxTask} and
 * {@link org.aiorg.outbox.OutboxGaps}. Uses {@code task}, {@code tenant} and {@code db}.
 */
package org.aiorg.outbox;
