-- Columns that searches, statistics and permit verification filter on.
alter table application_view
    add column tax           bigint,
    add column assessed_on   date,
    add column permit_number text;
create index application_view_type on application_view (reklame_type);
create index application_view_district on application_view (lower(district));
create index application_view_road_class on application_view (road_class);
create index application_view_submitted_at on application_view (submitted_at, application_id);
create index application_view_permit_number on application_view (permit_number) where permit_number is not null;

-- Each application's events in version order, as its timeline shows them.
create table application_history (
    application_id uuid        not null,
    version        bigint      not null,
    event_id       uuid        not null,
    event_type     text        not null,
    occurred_at    timestamptz not null,
    summary        text        not null,
    primary key (application_id, version)
);

-- Every payment of every application, for the paid-tax statistics.
create table application_payment (
    application_id uuid        not null,
    reference      text        not null,
    district       text        not null,
    amount         bigint      not null,
    paid_at        timestamptz not null,
    outcome        text        not null,
    primary key (application_id, reference)
);
create index application_payment_accepted on application_payment (outcome);

-- The read model's own position in each partition: written in the same transaction as the view
-- changes the records caused, so Kafka's committed offsets never decide what is applied.
create table projection_offset (
    topic       text   not null,
    partition   int    not null,
    next_offset bigint not null,
    primary key (topic, partition)
);

-- Events that arrived while an earlier version of their application is missing: kept here, not
-- applied, until the missing event arrives (a re-drive or a republish); each row is an open gap.
create table projection_gap (
    application_id uuid        not null,
    version        bigint      not null,
    view_version   bigint      not null,
    event_id       uuid        not null,
    ce_type        text        not null,
    occurred_at    timestamptz not null,
    traceparent    text,
    payload        jsonb       not null,
    topic          text        not null,
    partition      int         not null,
    record_offset  bigint      not null,
    detected_at    timestamptz not null default now(),
    primary key (application_id, version)
);

-- How these read models were built: written by the rebuild that produced them.
create table projection_build (
    id          int         primary key check (id = 1),
    started_at  timestamptz not null,
    switched_at timestamptz not null,
    events      bigint      not null,
    end_offsets text        not null
);
