-- A command's answer carries a consistency token (header Stockflow-Consistency); a replay by
-- Idempotency-Key answers with the same one. NULL: the answer had none (stored before this, or too long).
ALTER TABLE idempotency_key ADD COLUMN consistency_token text NULL;
