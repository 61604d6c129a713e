-- When an entry joined the outbox, so its age (and the relay's lag) can be measured.
alter table outbox add column enqueued_at timestamptz not null default now();

-- Which of 16 shards the entry's application falls in (the last byte of its id, mod 16): the relay
-- works shard by shard, several at once, each shard by one relay at a time, so an application's
-- events stay in order while the relay keeps up with many writers.
alter table outbox add column shard smallint not null default 0;
update outbox o set shard = get_byte(uuid_send(e.application_id), 15) & 15
from event_store e where e.position = o.position;
alter table outbox alter column shard drop default;
create index outbox_shard_position on outbox (shard, position);

-- A queue: rows live for milliseconds. Dead ones slow every relay's scan until they are vacuumed, so
-- vacuum it after a few thousand deletes rather than after a fifth of the table (the relay also does).
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                        autovacuum_vacuum_cost_delay = 0);

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
