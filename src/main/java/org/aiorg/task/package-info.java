/**
 * Tasks of a tenant's backlog and the dependencies between them. Public face:
 * {@link org.aiorg.task.Tasks} (commands and queries, always scoped by tenant), the
 * {@link org.aiorg.task.Task} view and the events {@link org.aiorg.task.TaskCreated},
 * {@link org.aiorg.task.TaskChanged}, {@link org.aiorg.task.TaskDeleted}.
 */
package org.aiorg.task;
