-- Alerts raised by the orchestrator (and the budget gate), newest read first.
CREATE TABLE alert (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64)   NOT NULL,
    at         BIGINT        NOT NULL,
    kind       VARCHAR(40)   NOT NULL,
    task_id    CHAR(8),
    message    VARCHAR(2000) NOT NULL
);
CREATE INDEX alert_recent ON alert (tenant_id, at DESC);

-- Cluster-wide leases: which process runs a singleton loop (the orchestrator) right now.
CREATE TABLE cluster_lease (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    owner       VARCHAR(200) NOT NULL,
    expires_at  BIGINT       NOT NULL
);
