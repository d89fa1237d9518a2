-- What the State and partners owe: each funder's share of every receipt, claimed from it once, by
-- quarter, and the claim's payment booked to the bank when it arrives.
CREATE TABLE subsidy_claim (
  id                uuid PRIMARY KEY,
  mutual_id         text NOT NULL REFERENCES mutual(id),
  funder_id         text NOT NULL,
  quarter           text NOT NULL,
  first_day         date NOT NULL,
  last_day          date NOT NULL,
  total             bigint NOT NULL CHECK (total >= 0),
  currency          char(3) NOT NULL,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  paid_on           date,
  paid_reference    text,
  paid_recorded_by  text,
  payment_entry_id  bigint REFERENCES journal_entry(id),
  UNIQUE (mutual_id, funder_id, quarter)
);

CREATE TABLE subsidy_claim_line (
  claim_id    uuid NOT NULL REFERENCES subsidy_claim(id),
  funder_id   text NOT NULL,
  receipt_id  uuid NOT NULL REFERENCES receipt(id),
  amount      bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (claim_id, receipt_id),
  -- A receipt's share is claimed from a funder once, whatever the quarter.
  UNIQUE (funder_id, receipt_id)
);
