-- The trace of the command that wrote the row, in W3C Trace Context form, so the relay's publish and
-- the catalog's apply continue it (the Kafka record carries it as the CloudEvents distributed-tracing
-- extension). NULL while tracing is off, and for rows written before this migration. Nullable
-- columns without a default: adding them rewrites nothing.
ALTER TABLE outbox
    ADD COLUMN traceparent varchar(55)  NULL,
    ADD COLUMN tracestate  varchar(512) NULL;
