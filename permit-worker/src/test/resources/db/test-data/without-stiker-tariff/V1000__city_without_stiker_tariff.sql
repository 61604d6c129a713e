-- A city whose reference data has no tariff for stickers: every sticker application fails until it is added.
delete from tariff where reklame_type = 'STIKER';
