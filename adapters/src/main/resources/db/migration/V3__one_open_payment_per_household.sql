-- A household has at most one wallet payment waiting for an answer. The menus check it too, but
-- only the database sees two sessions (or two gateway instances) confirming at the same moment.
CREATE UNIQUE INDEX payment_intent_one_open ON payment_intent (household_id) WHERE status IN ('INITIATING', 'PENDING');
