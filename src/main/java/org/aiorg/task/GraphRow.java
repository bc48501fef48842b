package org.aiorg.task;

/** One task in the compact form that graph views and analysis read. */
public record GraphRow(
        String id,
        String description,
        TaskStatus status,
        double estValue,
        double tokensPlan,
        double tokensActual,
        double purposeRelevance,
        Role role,
        String holdReason) {}
