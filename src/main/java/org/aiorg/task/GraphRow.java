package org.aiorg.task;

import java.time.Instant;

/** One task in the compact form that graph views and analysis read (and the Neo4j projection stores). */
public record GraphRow(
        String id,
        String description,
        TaskStatus status,
        double estValue,
        double tokensPlan,
        double tokensActual,
        double purposeRelevance,
        Role role,
        String holdReason,
        Instant createdAt) {}
