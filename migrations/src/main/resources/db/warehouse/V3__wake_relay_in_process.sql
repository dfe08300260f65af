-- A NOTIFY in every writing transaction serialises all commits on PostgreSQL's notify queue
-- lock (held through the WAL flush), which cut write throughput by more than three times. The
-- warehouse now wakes its relay in-process after each commit, and a replica that is not the
-- leader sends one coalesced NOTIFY outside its transactions (see messaging/OutboxCommits).
DROP TRIGGER outbox_notify_after_insert ON outbox;
DROP FUNCTION outbox_notify_committed();
