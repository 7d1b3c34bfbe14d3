CREATE TABLE slots (id integer PRIMARY KEY, room text, starts time, ends time);
CREATE UNIQUE INDEX slots_room_starts_idx ON slots (room, starts) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX slots_room_ends_idx ON slots (room, ends) WHERE room IS NOT NULL;
