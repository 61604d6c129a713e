-- The event store: append-only, one ordered stream per application.
create table event_store (
    position       bigint generated always as identity primary key,
    event_id       uuid        not null unique,
    application_id uuid        not null,
    version        bigint      not null,
    event_type     text        not null,
    payload        jsonb       not null,
    occurred_at    timestamptz not null,
    traceparent    text,
    -- optimistic concurrency: two writers of the same version cannot both commit
    unique (application_id, version)
);

-- Events committed but not yet on the topic. Written in the same transaction as the event, deleted
-- once the broker has acknowledged it, so a transaction that commits late is never skipped.
create table outbox (
    position bigint primary key references event_store (position)
);
