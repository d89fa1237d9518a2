-- A receipt booked in error (a wallet that took the money back, a payment booked twice by hand) is
-- reversed, never deleted: a reversing journal entry, who and why on the receipt, and its cover
-- withdrawn (kept in the audit log).
ALTER TABLE receipt ADD COLUMN reversed_at timestamptz;
ALTER TABLE receipt ADD COLUMN reversed_by text;
ALTER TABLE receipt ADD COLUMN reversal_reason text;
