/**
 * Prometheus metrics that count domain things (tasks by status, tasks created). Listens to
 * features' events and reads their public queries; no feature calls it.
 */
package org.aiorg.metrics;
