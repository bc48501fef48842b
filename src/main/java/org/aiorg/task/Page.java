package org.aiorg.task;

import java.util.List;

/** One page of tasks and, when more follow, the cursor of the next page. */
public record Page(List<Task> items, String nextCursor) {}
