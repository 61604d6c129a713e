-- An applicant's list shows only the applications it submitted: the owner is in the view document.
create index application_view_owner on application_view ((document ->> 'owner'), submitted_at, application_id);
