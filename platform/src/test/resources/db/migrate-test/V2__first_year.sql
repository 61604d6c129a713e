insert into permit_counter values (2027, 0);
