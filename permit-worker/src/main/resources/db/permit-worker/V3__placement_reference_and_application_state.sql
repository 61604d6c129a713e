-- Where no advertisement may stand: a circle around a school, a place of worship, an office...
create table prohibited_zone (
    id        text             primary key,
    kind      text             not null,
    latitude  double precision not null check (latitude between -90 and 90),
    longitude double precision not null check (longitude between -180 and 180),
    radius_m  double precision not null check (radius_m > 0)
);

-- The largest face (width × height) a road class allows.
create table size_limit (
    road_class  text    primary key,
    max_face_m2 numeric not null check (max_face_m2 > 0)
);

-- The worker's own view of every application it has seen, folded from all application events
-- (version = the ce_sequence of the last one applied). An ASSESSED it decided itself counts at once,
-- before the command side echoes it, so a site it has just granted is never granted twice.
create table application_state (
    application_id uuid             primary key,
    version        bigint           not null,
    status         text,
    submitted_on   date,
    latitude       double precision,
    longitude      double precision,
    site_cell      bigint,
    start_date     date,
    end_date       date,
    tax            bigint,
    due_date       date,
    billing_code   text,
    expiry_decided boolean          not null default false
);
create index application_state_occupying on application_state (site_cell)
    where status in ('ASSESSED', 'PAYMENT_REJECTED', 'ISSUED');
create index application_state_expiring on application_state (end_date)
    where status = 'ISSUED' and not expiry_decided;

-- Every payment judged, by its reference: a reference seen again changes nothing.
create table payment (
    application_id uuid        not null,
    reference      text        not null,
    billing_code   text        not null,
    amount         bigint      not null,
    paid_at        timestamptz not null,
    primary key (application_id, reference)
);

-- The numbers each application was given: one of each kind, for good, and no number twice.
create table document_number (
    application_id uuid   not null,
    kind           text   not null,
    year           int    not null,
    sequence       bigint not null,
    number         text   not null,
    primary key (application_id, kind),
    unique (kind, year, sequence)
);

-- A decision published again carries the trace of the event that triggered it, as the first time.
alter table decision add column traceparent text;
-- jsonb reorders keys: keep the decision exactly as first published, so a re-send is byte for byte the same.
alter table decision alter column payload type text using payload::text;
