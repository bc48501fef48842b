-- The transactional outbox: every task change is also written here, in the same transaction as
-- the change itself, for consumers outside the writing process (the Neo4j projection's relay,
-- later the live dashboard of other API processes). ${id_pk} is a Flyway placeholder set per
-- dialect (org.aiorg.db.Dialect#autoIdPrimaryKey): an ever-increasing id, never reused, since
-- consumers remember the last id they applied.
CREATE TABLE outbox (
    id          ${id_pk},
    tenant_id   VARCHAR(64) NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    task_id     CHAR(8)     NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  BIGINT      NOT NULL
);

-- Where each consumer has got to (the last outbox id it applied), and which process may apply
-- rows now: only the owner of an unexpired lease. resync = 1 when rows it had not applied were
-- pruned by retention, so it must rebuild its view from the tables.
CREATE TABLE outbox_consumer (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    position     BIGINT       NOT NULL,
    owner        VARCHAR(200),
    lease_until  BIGINT       NOT NULL,
    resync       INTEGER      NOT NULL,
    updated_at   BIGINT       NOT NULL
);
