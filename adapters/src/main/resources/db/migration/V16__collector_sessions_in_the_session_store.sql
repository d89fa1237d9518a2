-- Collectors' USSD sessions now live in the session store (Redis or memory) with everyone's, as a
-- typed state that never holds a PIN; the table that kept them between hops is no longer read.
DROP TABLE collector_session;
