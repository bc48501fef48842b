-- One budget account per tenant, in integer micro-USD. The CHECK is the money invariant: the
-- database itself refuses any change that would let spent + reserved exceed the limit.
CREATE TABLE budget_account (
    tenant_id        VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES tenant (id),
    limit_micros     BIGINT      NOT NULL,
    spent_micros     BIGINT      NOT NULL,
    reserved_micros  BIGINT      NOT NULL,
    updated_at       BIGINT      NOT NULL,
    CONSTRAINT budget_account_invariant CHECK (
        limit_micros >= 0 AND spent_micros >= 0 AND reserved_micros >= 0
        AND spent_micros + reserved_micros <= limit_micros)
);
