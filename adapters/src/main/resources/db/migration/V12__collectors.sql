-- Collectors (section agents) who take cash in the villages, the deposits they enter by USSD, and
-- their remittances to the mutual's bank. A deposit counts only once the member confirms it (or,
-- when configured, after some hours without dispute): it then becomes a receipt, through a
-- payment intent of provider 'cash' that waits for the member meanwhile.
CREATE TABLE collector (
  id           uuid PRIMARY KEY,
  mutual_id    text NOT NULL REFERENCES mutual(id),
  section_id   text NOT NULL,
  name         text NOT NULL,
  msisdn       text NOT NULL UNIQUE,
  -- PBKDF2-HMAC-SHA256 with a per-collector salt; the PIN itself is never stored.
  pin_hash     text NOT NULL,
  failed_pins  int NOT NULL DEFAULT 0,
  locked_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (mutual_id, section_id) REFERENCES section(mutual_id, id)
);

ALTER TABLE payment_intent DROP CONSTRAINT payment_intent_status_check;
ALTER TABLE payment_intent ADD CONSTRAINT payment_intent_status_check
  CHECK (status IN ('INITIATING', 'PENDING', 'SUCCESSFUL', 'FAILED', 'EXPIRED', 'REVIEW', 'AWAITING_MEMBER'));

CREATE TABLE remittance (
  id              uuid PRIMARY KEY,
  mutual_id       text NOT NULL REFERENCES mutual(id),
  collector_id    uuid NOT NULL REFERENCES collector(id),
  slip_reference  text NOT NULL,
  institution     text NOT NULL CHECK (institution IN ('bank', 'microfinance')),
  amount          bigint NOT NULL CHECK (amount > 0),
  position        bigint NOT NULL,
  shortfall       bigint NOT NULL,
  currency        char(3) NOT NULL,
  deposited_on    date NOT NULL,
  confirmed_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mutual_id, slip_reference)
);

CREATE TABLE cash_deposit (
  id                 uuid PRIMARY KEY,
  code               text NOT NULL,
  mutual_id          text NOT NULL REFERENCES mutual(id),
  section_id         text NOT NULL,
  collector_id       uuid NOT NULL REFERENCES collector(id),
  household_id       uuid NOT NULL REFERENCES household(id),
  payment_intent_id  uuid NOT NULL UNIQUE REFERENCES payment_intent(id),
  amount             bigint NOT NULL CHECK (amount > 0),
  currency           char(3) NOT NULL,
  periods            int NOT NULL,
  channel_ref        text NOT NULL UNIQUE,
  collected_at       timestamptz NOT NULL,
  entered_at         timestamptz NOT NULL DEFAULT now(),
  status             text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'DISPUTED')),
  confirmed_by       text CHECK (confirmed_by IN ('member-sms', 'member-ussd', 'auto')),
  resolved_at        timestamptz,
  remittance_id      uuid REFERENCES remittance(id)
);
-- A code identifies a deposit awaiting its member; codes are reused only once it is resolved.
CREATE UNIQUE INDEX cash_deposit_open_code ON cash_deposit (mutual_id, code) WHERE status = 'PENDING';
CREATE INDEX cash_deposit_by_collector ON cash_deposit (collector_id, status) WHERE remittance_id IS NULL;
CREATE INDEX cash_deposit_by_household ON cash_deposit (household_id, collected_at);
CREATE INDEX cash_deposit_pending ON cash_deposit (entered_at) WHERE status = 'PENDING';

-- A collector's USSD session between hops (the members' live in Redis): the step and what was
-- entered, never a PIN; hops counts the cumulative inputs answered, so a resent hop is not run twice.
CREATE TABLE collector_session (
  session_id    text PRIMARY KEY,
  collector_id  uuid NOT NULL REFERENCES collector(id),
  state         jsonb NOT NULL,
  hops          int NOT NULL,
  last_answer   text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
