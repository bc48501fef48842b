package org.aiorg.task;

/** A task with what its agent produced: the answer of {@code GET /task/{id}}. */
public record TaskDetail(Task task, String output) {}
