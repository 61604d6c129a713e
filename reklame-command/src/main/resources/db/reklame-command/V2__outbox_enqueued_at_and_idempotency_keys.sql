-- When an entry joined the outbox, so its age (and the relay's lag) can be measured.
alter table outbox add column enqueued_at timestamptz not null default now();

-- The first answer to a request sent with an Idempotency-Key, to give again when the same request is
-- retried. Claimed (inserted) in the same transaction as the command's event, so concurrent duplicates
-- wait for the first one and then read its answer.
create table idempotency_key (
    idempotency_key text        primary key,
    fingerprint     text        not null,
    created_at      timestamptz not null default now(),
    response_status int,
    response_body   text,
    location        text,
    etag            text
);
create index idempotency_key_created_at on idempotency_key (created_at);
