-- Wrong PIN entries, counted in one place for every PIN checked by USSD (collectors' and health
-- centres'). Each entry reserves an attempt before its PIN is checked, so entries at once each
-- consume one; after three wrong ones in a row every entry is refused unchecked until
-- delayed_until, the delay growing with each further wrong PIN. A correct PIN clears the row.
CREATE TABLE pin_guard (
  subject             text PRIMARY KEY,          -- 'collector:<id>' or 'centre:<id>'
  failures            int NOT NULL DEFAULT 0,    -- consecutive wrong (or unfinished) entries
  delayed_until       timestamptz,
  delays_started_at   timestamptz,               -- when the third wrong PIN started the delays (administrators are told)
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- The lock that only an administrator lifted is replaced by the delays above; collectors locked
-- now stay so for an hour, then may try again.
INSERT INTO pin_guard (subject, failures, delayed_until, delays_started_at)
SELECT 'collector:' || id, failed_pins, CASE WHEN locked_at IS NOT NULL THEN now() + interval '60 minutes' END, locked_at
  FROM collector WHERE failed_pins > 0 OR locked_at IS NOT NULL;
ALTER TABLE collector DROP COLUMN failed_pins, DROP COLUMN locked_at;

-- Each health centre's PIN for the USSD rights check, set by an administrator; only its slow
-- salted hash (PBKDF2-HMAC-SHA256) is kept. Centres themselves are configuration, not rows.
CREATE TABLE centre_pin (
  centre_id   text PRIMARY KEY,
  pin_hash    text NOT NULL,
  set_by      text NOT NULL,
  set_at      timestamptz NOT NULL DEFAULT now()
);
