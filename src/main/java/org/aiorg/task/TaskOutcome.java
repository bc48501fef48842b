package org.aiorg.task;

import org.aiorg.tenant.TenantId;

/** How a worker's execution of a claimed task ended. Each is applied only while the worker still holds the lease. */
public sealed interface TaskOutcome {

    TenantId tenant();

    String taskId();

    /** The agent produced its output: the task is {@code done}. Token counts are exact (as the provider reported). */
    record Done(TenantId tenant, String taskId, String output, long tokensIn, long tokensOut, String model, long latencyMs)
            implements TaskOutcome {}

    /** The call failed after bounded retries: the task is {@code failed} with the reason; its dependants become blocked. */
    record Failed(TenantId tenant, String taskId, String error, long tokensIn, long tokensOut, String model, Long latencyMs)
            implements TaskOutcome {}

    /** The task goes back to {@code todo} with a hold reason (e.g. budget_exhausted); it was not attempted. */
    record Held(TenantId tenant, String taskId, String reason) implements TaskOutcome {}

    /**
     * The worker gives the task back ({@code todo}, lease cleared), e.g. at shutdown.
     *
     * @param attempted whether the call may have been sent (then the attempt still counts)
     */
    record Released(TenantId tenant, String taskId, boolean attempted) implements TaskOutcome {}
}
