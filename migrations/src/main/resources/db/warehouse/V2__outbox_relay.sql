-- Event pipeline (outbox relay to Kafka and the events feed).
--
-- position: the events feed's offset. The active relay stamps it on visible unstamped rows in
-- ledger-sequence order, one transaction at a time, so positions become visible in increasing
-- order and a reader paging by position never skips a row whose transaction committed late.
-- Kafka publishing follows the same order.
CREATE SEQUENCE outbox_position_seq;

ALTER TABLE outbox ADD COLUMN position bigint NULL;

CREATE UNIQUE INDEX outbox_position_idx ON outbox (position);
CREATE INDEX outbox_unstamped_idx ON outbox (sequence, id) WHERE position IS NULL;
-- publishing goes by position, so the V1 index by sequence is replaced
DROP INDEX outbox_unpublished_idx;
CREATE INDEX outbox_unpublished_idx ON outbox (position) WHERE published_at IS NULL;
-- pruning of published rows past the retention
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay within milliseconds of a commit: a NOTIFY is delivered when (and only if) the
-- writing transaction commits, and several in one transaction fold into one.
CREATE FUNCTION outbox_notify_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_committed', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify_after_insert
    AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_committed();
