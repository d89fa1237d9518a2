-- Cover is per person: a household may pay for some of its members only, so each receipt records
-- whom it covers and over which days. Rights are read from here, person by person.
CREATE TABLE receipt_member (
  receipt_id     uuid NOT NULL REFERENCES receipt(id),
  member_id      uuid NOT NULL REFERENCES member(id),
  paid_on        date NOT NULL,
  covered_from   date NOT NULL,
  covered_until  date NOT NULL,
  PRIMARY KEY (receipt_id, member_id)
);
CREATE INDEX receipt_member_by_member ON receipt_member (member_id);

-- Receipts booked before this migration covered the whole household of the day.
INSERT INTO receipt_member (receipt_id, member_id, paid_on, covered_from, covered_until)
SELECT r.id, m.id, r.paid_on, r.covered_from, r.covered_until
  FROM receipt r JOIN member m ON m.household_id = r.household_id AND m.created_at <= r.created_at;

-- The persons a payment is for, fixed when it is asked (null on older rows: the whole household).
ALTER TABLE payment_intent ADD COLUMN beneficiaries uuid[];
