-- One row per application: the whole view as a document, plus the columns searches filter on.
create table application_view (
    application_id uuid        primary key,
    version        bigint      not null,
    status         text        not null,
    reklame_type   text        not null,
    district       text        not null,
    road_class     text        not null,
    submitted_at   timestamptz not null,
    updated_at     timestamptz not null,
    document       jsonb       not null
);
create index application_view_status on application_view (status);
