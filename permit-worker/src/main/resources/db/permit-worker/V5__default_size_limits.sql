-- Largest face per road class (domain.md), m².
insert into size_limit (road_class, max_face_m2) values
    ('PROTOCOL', 48), ('ARTERIAL', 32), ('COLLECTOR', 24), ('LOCAL', 12);
