-- Indexes for the workers (SQLite and PostgreSQL both support partial indexes).
--
-- Claiming walks the ready candidates in backlog order and stops after a batch: a partial index
-- that holds only claimable rows (todo, not held) in that order lets both databases walk it
-- instead of sorting every todo task on each claim. Done tasks, which pile up, are not in it.
CREATE INDEX task_claim ON task (value_density DESC, created_at, id)
    WHERE status = 'todo' AND hold_reason IS NULL;

-- Workers bound to queues ({tenant}:{role}) walk the same order within one tenant and role.
CREATE INDEX task_claim_queue ON task (tenant_id, role, value_density DESC, created_at, id)
    WHERE status = 'todo' AND hold_reason IS NULL;

-- Tasks in progress: the reaper looks for expired leases, heartbeats extend one owner's leases.
CREATE INDEX task_lease ON task (lease_owner, lease_expires_at) WHERE status = 'doing';

-- Held tasks by tenant: the hold monitor clears them when the tenant's budget grows.
CREATE INDEX task_hold ON task (tenant_id, hold_reason) WHERE hold_reason IS NOT NULL;
