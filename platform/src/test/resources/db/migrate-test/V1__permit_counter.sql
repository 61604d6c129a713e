create table permit_counter (year int primary key, last_number bigint not null);
