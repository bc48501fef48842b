-- The budget's two-phase bookkeeping, shared by SQLite and PostgreSQL (times: epoch ms, BIGINT).
--
-- budget_ledger is append-only: every reserve, sent mark, settle, release, expiry, top-up and
-- limit change is one row. It is the audit trail and the source the Redis store is rebuilt
-- from: spent = SUM(charged_micros); open reservations = reserve rows with no settle, release
-- or expire row. Ids are written by the service and sort by time.
CREATE TABLE budget_ledger (
    id               CHAR(24)     NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(64)  NOT NULL,
    kind             VARCHAR(10)  NOT NULL,
    reservation_id   VARCHAR(40),
    task_id          VARCHAR(64),
    model            VARCHAR(200),
    amount_micros    BIGINT       NOT NULL,
    charged_micros   BIGINT       NOT NULL,
    released_micros  BIGINT       NOT NULL,
    tokens_in        BIGINT,
    tokens_out       BIGINT,
    limit_micros     BIGINT,
    expires_at       BIGINT,
    ref              VARCHAR(200),
    created_at       BIGINT       NOT NULL,
    CONSTRAINT budget_ledger_kind_check CHECK (kind IN ('reserve', 'sent', 'settle', 'release', 'expire', 'topup', 'limit')),
    CONSTRAINT budget_ledger_amounts_check CHECK (charged_micros >= 0 AND released_micros >= 0)
);

CREATE INDEX budget_ledger_tenant_time ON budget_ledger (tenant_id, created_at, id);
CREATE INDEX budget_ledger_reservation ON budget_ledger (tenant_id, reservation_id);

-- Reservations of the SQL store (the Redis store keeps them in Redis): the state moves once,
-- from open to settled, released or expired, by a conditional UPDATE; that makes settle,
-- release and expiry idempotent across threads and processes.
CREATE TABLE budget_reservation (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL REFERENCES tenant (id),
    task_id         VARCHAR(64),
    model           VARCHAR(200) NOT NULL,
    amount_micros   BIGINT       NOT NULL,
    tokens_in       BIGINT       NOT NULL,
    tokens_out      BIGINT       NOT NULL,
    state           VARCHAR(10)  NOT NULL,
    charged_micros  BIGINT,
    sent_at         BIGINT,
    expires_at      BIGINT       NOT NULL,
    created_at      BIGINT       NOT NULL,
    ended_at        BIGINT,
    CONSTRAINT budget_reservation_state_check CHECK (state IN ('open', 'settled', 'released', 'expired')),
    CONSTRAINT budget_reservation_amount_check CHECK (amount_micros >= 0)
);

CREATE INDEX budget_reservation_due ON budget_reservation (state, expires_at);
CREATE INDEX budget_reservation_tenant ON budget_reservation (tenant_id, state);

-- Top-ups by idempotency key: a repeated key finds the first top-up here and adds nothing.
CREATE TABLE budget_topup (
    tenant_id        VARCHAR(64)  NOT NULL REFERENCES tenant (id),
    idempotency_key  VARCHAR(200) NOT NULL,
    amount_micros    BIGINT       NOT NULL,
    limit_micros     BIGINT       NOT NULL,
    created_at       BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

-- Every change of the limit bumps the version; Redis applies a limit only with a newer version,
-- so limits written by several processes cannot overtake each other there.
ALTER TABLE budget_account ADD COLUMN limit_version BIGINT NOT NULL DEFAULT 0;
