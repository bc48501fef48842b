-- Core schema, shared by SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT) so
-- that both databases sort and compare them the same way.

CREATE TABLE tenant (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    purpose     TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE task (
    id                 CHAR(8)          NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(64)      NOT NULL REFERENCES tenant (id),
    description        TEXT             NOT NULL,
    status             VARCHAR(10)      NOT NULL,
    owner              VARCHAR(200),
    est_value          DOUBLE PRECISION NOT NULL,
    tokens_plan        DOUBLE PRECISION NOT NULL,
    tokens_actual      DOUBLE PRECISION NOT NULL,
    purpose_relevance  DOUBLE PRECISION NOT NULL,
    relevance_source   VARCHAR(10)      NOT NULL,
    value_density      DOUBLE PRECISION NOT NULL,
    role               VARCHAR(20),
    role_source        VARCHAR(10),
    hold_reason        VARCHAR(40),
    tokens_in          BIGINT           NOT NULL DEFAULT 0,
    tokens_out         BIGINT           NOT NULL DEFAULT 0,
    model              VARCHAR(200),
    latency_ms         BIGINT,
    attempts           INTEGER          NOT NULL DEFAULT 0,
    last_error         VARCHAR(4000),
    lease_owner        VARCHAR(100),
    lease_expires_at   BIGINT,
    created_at         BIGINT           NOT NULL,
    updated_at         BIGINT           NOT NULL,
    CONSTRAINT task_status_check CHECK (status IN ('todo', 'doing', 'done', 'failed'))
);

-- The backlog: a tenant's todo tasks, highest value density first.
CREATE INDEX task_backlog ON task (tenant_id, status, value_density DESC, created_at, id);
CREATE INDEX task_tenant_created ON task (tenant_id, created_at, id);

CREATE TABLE task_dependency (
    tenant_id      VARCHAR(64) NOT NULL,
    task_id        CHAR(8)     NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    depends_on_id  CHAR(8)     NOT NULL REFERENCES task (id),
    PRIMARY KEY (task_id, depends_on_id)
);

CREATE INDEX task_dependency_reverse ON task_dependency (depends_on_id);
CREATE INDEX task_dependency_tenant ON task_dependency (tenant_id);

-- What an agent produced for a task: kept apart so that listing tasks never reads it.
CREATE TABLE task_output (
    task_id    CHAR(8)     NOT NULL PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE,
    tenant_id  VARCHAR(64) NOT NULL,
    output     TEXT        NOT NULL
);
