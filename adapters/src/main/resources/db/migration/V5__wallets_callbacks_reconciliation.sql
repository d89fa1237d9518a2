-- The provider's own id of a payment request (Orange pay token, Wave checkout session id), needed
-- to ask its status; unique per provider so a callback naming it finds one payment at most.
ALTER TABLE payment_intent ADD COLUMN provider_reference text;
CREATE UNIQUE INDEX payment_intent_provider_reference ON payment_intent (provider, provider_reference)
  WHERE provider_reference IS NOT NULL;

-- Notifications already acted on, by the provider's event id: the same event delivered again is
-- answered at once and does nothing.
CREATE TABLE callback_event (
  provider     text NOT NULL,
  event_id     text NOT NULL,
  intent_id    uuid REFERENCES payment_intent(id),
  outcome      text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- Provider statements imported for reconciliation, and what each line matched.
CREATE TABLE reconciliation_import (
  id           uuid PRIMARY KEY,
  provider     text NOT NULL,
  file_name    text,
  imported_by  text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  first_day    date,
  last_day     date,
  report       jsonb NOT NULL
);

CREATE TABLE reconciliation_line (
  import_id                uuid NOT NULL REFERENCES reconciliation_import(id),
  line_number              int NOT NULL,
  day                      date,
  reference                text,
  provider_transaction_id  text,
  amount                   bigint,
  currency                 char(3),
  provider_status          text,
  outcome                  text NOT NULL CHECK (outcome IN ('MATCHED', 'MISSING_OURS', 'MISSING_THEIRS', 'AMOUNT_MISMATCH', 'NOT_PAID', 'DUPLICATE', 'UNREADABLE')),
  intent_id                uuid REFERENCES payment_intent(id),
  receipt_number           text,
  booked_receipt_number    text,
  note                     text,
  PRIMARY KEY (import_id, line_number)
);

-- Who did what by hand (booking from a reconciliation report, ...), never updated or deleted.
CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  action   text NOT NULL,
  subject  text NOT NULL,
  detail   jsonb NOT NULL
);
