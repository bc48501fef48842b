/**
 * The demo tenant and its backlog: what {@code serve --demo} and {@code seed-graph} load so that
 * a first run shows blocked tasks, a critical path and work in progress.
 */
package org.aiorg.demo;
