-- Keneya foundation schema. Money columns are bigint whole minor units (XOF: francs), never floats.

-- Mutuals and sections mirror the configuration (synchronised at start) so that every row below can
-- reference them.
CREATE TABLE mutual (
  id         text PRIMARY KEY,
  code       text NOT NULL UNIQUE,
  name       text NOT NULL,
  currency   char(3) NOT NULL
);

CREATE TABLE section (
  mutual_id  text NOT NULL REFERENCES mutual(id),
  id         text NOT NULL,
  name       text NOT NULL,
  PRIMARY KEY (mutual_id, id)
);

-- Gapless per-mutual sequences (member numbers, receipt numbers): incremented inside the writing
-- transaction, so a rollback gives the number back and two instances never take the same one.
CREATE TABLE mutual_counter (
  mutual_id  text NOT NULL REFERENCES mutual(id),
  kind       text NOT NULL,
  last_value bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (mutual_id, kind)
);

CREATE TABLE household (
  id             uuid PRIMARY KEY,
  mutual_id      text NOT NULL REFERENCES mutual(id),
  section_id     text NOT NULL,
  member_number  text NOT NULL UNIQUE,
  head_msisdn    text NOT NULL,
  language       text NOT NULL DEFAULT 'fr',
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (mutual_id, section_id) REFERENCES section(mutual_id, id)
);
-- One household per phone number within a mutual: the USSD menu finds the household by the caller.
CREATE UNIQUE INDEX household_head_msisdn ON household (mutual_id, head_msisdn);
CREATE INDEX household_by_msisdn ON household (head_msisdn);

CREATE TABLE member (
  id             uuid PRIMARY KEY,
  household_id   uuid NOT NULL REFERENCES household(id),
  member_number  text NOT NULL UNIQUE,
  name           text NOT NULL,
  birth_year     int,
  role           text NOT NULL CHECK (role IN ('HEAD', 'DEPENDANT')),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_by_household ON member (household_id);

CREATE TABLE enrolment (
  id              uuid PRIMARY KEY,
  household_id    uuid NOT NULL REFERENCES household(id),
  product_id      text NOT NULL,
  guarantee_level text,
  started_on      date NOT NULL,
  ended_on        date
);
CREATE UNIQUE INDEX enrolment_one_active ON enrolment (household_id) WHERE ended_on IS NULL;

-- A wallet payment: recorded before the wallet is asked (its id is the provider's reference id),
-- resolved exactly once to SUCCESSFUL, FAILED or EXPIRED. A success after EXPIRED still counts;
-- a confirmation whose amount differs from what was asked is held in REVIEW, never booked silently.
CREATE TABLE payment_intent (
  id                       uuid PRIMARY KEY,
  household_id             uuid NOT NULL REFERENCES household(id),
  enrolment_id             uuid NOT NULL REFERENCES enrolment(id),
  provider                 text NOT NULL,
  payer_msisdn             text NOT NULL,
  amount                   bigint NOT NULL CHECK (amount > 0),
  currency                 char(3) NOT NULL,
  quote                    jsonb NOT NULL,
  language                 text NOT NULL,
  channel_ref              text UNIQUE,
  status                   text NOT NULL CHECK (status IN ('INITIATING', 'PENDING', 'SUCCESSFUL', 'FAILED', 'EXPIRED', 'REVIEW')),
  provider_transaction_id  text,
  failure_reason           text,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  next_check_at            timestamptz NOT NULL,
  checks                   int NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX payment_intent_provider_tx ON payment_intent (provider, provider_transaction_id);
CREATE INDEX payment_intent_due ON payment_intent (next_check_at) WHERE status IN ('INITIATING', 'PENDING');
CREATE INDEX payment_intent_by_household ON payment_intent (household_id, created_at DESC);

CREATE TABLE receipt (
  id                 uuid PRIMARY KEY,
  mutual_id          text NOT NULL REFERENCES mutual(id),
  sequence_number    bigint NOT NULL,
  receipt_number     text NOT NULL UNIQUE,
  household_id       uuid NOT NULL REFERENCES household(id),
  payment_intent_id  uuid NOT NULL UNIQUE REFERENCES payment_intent(id),
  channel            text NOT NULL,
  amount             bigint NOT NULL CHECK (amount > 0),
  contribution       bigint NOT NULL,
  member_share       bigint NOT NULL,
  adhesion_fee       bigint NOT NULL,
  adhesion_fees      int NOT NULL,
  currency           char(3) NOT NULL,
  covered_from       date NOT NULL,
  covered_until      date NOT NULL,
  paid_on            date NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mutual_id, sequence_number)
);
CREATE INDEX receipt_by_household ON receipt (household_id, created_at DESC);

-- The double-entry journal: append-only; each entry's postings sum to zero (debits positive,
-- credits negative), checked when the transaction commits.
CREATE TABLE journal_entry (
  id          bigserial PRIMARY KEY,
  mutual_id   text NOT NULL REFERENCES mutual(id),
  receipt_id  uuid REFERENCES receipt(id),
  kind        text NOT NULL,
  memo        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX journal_entry_one_per_receipt ON journal_entry (receipt_id, kind);

CREATE TABLE posting (
  id        bigserial PRIMARY KEY,
  entry_id  bigint NOT NULL REFERENCES journal_entry(id),
  account   text NOT NULL,
  amount    bigint NOT NULL CHECK (amount <> 0),
  currency  char(3) NOT NULL
);
CREATE INDEX posting_by_entry ON posting (entry_id);
CREATE INDEX posting_by_account ON posting (account);

CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: correct with a reversing entry';
END $$;
CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION journal_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  legs int;
BEGIN
  SELECT coalesce(sum(amount), 0), count(*) INTO total, legs FROM posting WHERE entry_id = NEW.id;
  IF legs < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'journal entry % is unbalanced (% postings summing to %)', NEW.id, legs, total;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_check_balance();

-- Messages and calls to send once a transaction has committed; a worker claims due rows with
-- FOR UPDATE SKIP LOCKED, so several gateway instances never send the same one twice.
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  topic            text NOT NULL,
  dedup_key        text NOT NULL UNIQUE,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  attempts         int NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'FAILED')),
  done_at          timestamptz,
  last_error       text,
  result           text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';
