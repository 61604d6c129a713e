-- A new tariff a city publishes: billboards on protocol roads cost more from 2030 on.
insert into tariff (reklame_type, road_class, effective_from, nsr) values ('BILLBOARD', 'PROTOCOL', '2030-01-01', 150000);
