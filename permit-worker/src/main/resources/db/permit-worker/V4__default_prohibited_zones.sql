-- Default prohibited zones of the demonstration city (domain.md); radius in metres.
insert into prohibited_zone (id, kind, latitude, longitude, radius_m) values
    ('Z-SCH-01', 'school',            -7.265000, 112.750000, 100),
    ('Z-WOR-01', 'place of worship',  -7.285000, 112.730000, 100),
    ('Z-GOV-01', 'government office', -7.245700, 112.737800, 100),
    ('Z-HOS-01', 'hospital',          -7.268000, 112.758000, 100),
    ('Z-PRK-01', 'city park',         -7.290000, 112.745000, 150);
