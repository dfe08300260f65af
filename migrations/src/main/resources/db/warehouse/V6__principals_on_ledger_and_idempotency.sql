-- Authentication names a principal for every request (the API key's name).
-- The ledger's actor is that principal; a write or service key may add on whose behalf it acted
-- (X-On-Behalf-Of), recorded beside it, never instead.
ALTER TABLE stock_movement ADD COLUMN on_behalf_of varchar(128) NULL;

-- Idempotency keys are scoped per principal (as Stripe scopes them per account): the same key from two
-- clients is two different requests. Keys stored before this migration belong to no principal ('')
-- and so match no later request; they expire with their TTL.
ALTER TABLE idempotency_key ADD COLUMN principal varchar(128) NOT NULL DEFAULT '';
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
ALTER TABLE idempotency_key ADD PRIMARY KEY (principal, idempotency_key);
ALTER TABLE idempotency_key ALTER COLUMN principal DROP DEFAULT;
