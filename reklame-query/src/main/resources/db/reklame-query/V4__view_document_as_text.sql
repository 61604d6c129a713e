-- The view document is kept as the JSON text the service wrote and hands back as it is: as jsonb, PostgreSQL
-- parsed every document on every write and printed it again on every read, for no query that looks inside it.
-- The owner, which an applicant's list filters on, moves into a column of its own.
-- Documents written before this keep jsonb's layout of the same JSON until the next rebuild rewrites them.
alter table application_view add column owner text;
update application_view set owner = document ->> 'owner';
drop index application_view_owner;
alter table application_view alter column document type text using document::text;
create index application_view_owner on application_view (owner, submitted_at, application_id);
