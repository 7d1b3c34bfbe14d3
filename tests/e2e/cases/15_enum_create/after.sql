CREATE TYPE ticket_state AS ENUM ('open', 'in progress', 'closed');
CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
CREATE TABLE tickets (
    id integer PRIMARY KEY,
    title text NOT NULL,
    state ticket_state NOT NULL DEFAULT 'open',
    prio priority,
    history ticket_state[]
);
