-- Which process wrote an outbox row or raised an alert (org.aiorg.common.ProcessIdentity). Every
-- API process pushes to its live-event subscribers what other processes changed (workers, other
-- API processes, an orchestrator of its own); its own changes reach them directly. Null: written
-- before this column existed.
ALTER TABLE outbox ADD COLUMN origin VARCHAR(100);
ALTER TABLE alert ADD COLUMN origin VARCHAR(100);

-- Alerts of every tenant after a time: what the live feed reads.
CREATE INDEX alert_at ON alert (at);
