package org.aiorg.common;

/** One field of a request that is at fault, and why. */
public record FieldProblem(String field, String message) {}
