-- Every outbox row is inserted without a position and stamped once by the relay. The unique index on
-- position also held an entry for each unstamped row (NULL), which no query reads: every read asks for
-- positions above some value. Indexing only stamped rows saves each event one index insertion.
DROP INDEX outbox_position_idx;
CREATE UNIQUE INDEX outbox_position_idx ON outbox (position) WHERE position IS NOT NULL;
