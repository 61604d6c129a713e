-- NSR (nilai sewa reklame): Rp per m² per day, effective-dated so a later tariff never changes
-- the tax of an application whose period started before it.
create table tariff (
    reklame_type   text   not null,
    road_class     text   not null,
    effective_from date   not null,
    nsr            bigint not null check (nsr > 0),
    primary key (reklame_type, road_class, effective_from)
);

-- Yearly document sequences (SKPD, permit); a row is locked while a number is taken, and the
-- allocation commits or rolls back with the decision that uses it, so numbers are never skipped.
create table number_sequence (
    kind       text   not null,
    year       int    not null,
    last_value bigint not null,
    primary key (kind, year)
);

-- Every decision made, keyed by the event that triggered it: a redelivered or replayed event
-- gets the same decision again instead of a new one.
create table decision (
    decision_id         uuid        primary key,
    trigger_event_id    uuid        not null unique,
    application_id      uuid        not null,
    application_version bigint      not null,
    decision_type       text        not null,
    payload             jsonb       not null,
    decided_at          timestamptz not null
);
