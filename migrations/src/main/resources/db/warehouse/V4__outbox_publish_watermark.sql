-- Publishing progress as one watermark row instead of a published_at update per outbox row. The
-- relay publishes in position order and advances the watermark over the acknowledged prefix of
-- each batch, so "position <= published_through" means published. Per event this saves a heap
-- tuple version and its entry in every index; three indexes go as well.
--
-- The lock keeps the relay of a replica still on V3 from stamping or marking rows while the
-- watermark is computed (the index drops below would take it anyway, but only later).
LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE;

-- One row. pruned_through: every row with a position up to it has been pruned, so pruning
-- resumes there instead of walking the index entries of rows it already deleted.
CREATE TABLE outbox_watermark (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    published_through bigint  NOT NULL,
    pruned_through    bigint  NOT NULL,
    CONSTRAINT outbox_watermark_pruned_published CHECK (pruned_through <= published_through)
);

-- V3 marked rows in any order across products, so the highest published position may lie above
-- a row still unpublished: the watermark stops below the first stamped unpublished row (a row
-- published above it is sent again, a duplicate consumers absorb). With none, every position the
-- sequence has handed out is published or belongs to no row.
INSERT INTO outbox_watermark (published_through, pruned_through)
SELECT published.through, coalesce(stamped.lowest - 1, published.through)
FROM (SELECT coalesce((SELECT min(position) - 1 FROM outbox WHERE published_at IS NULL AND position IS NOT NULL),
                      (SELECT last_value FROM outbox_position_seq WHERE is_called),
                      0) AS through) published,
     (SELECT min(position) AS lowest FROM outbox) stamped;

-- Nothing reads these any more: the relay and the backlog go by position and the watermark,
-- pruning by position; no query looks up a product's events.
DROP INDEX outbox_unpublished_idx;
DROP INDEX outbox_published_at_idx;
DROP INDEX outbox_product_idx;

-- Kept but never written, so a replica still on the previous version keeps working during a
-- rolling upgrade (it re-sends events, never loses one); drop it once no such replica runs.
COMMENT ON COLUMN outbox.published_at IS 'unused since V4: publishing progress is outbox_watermark';
