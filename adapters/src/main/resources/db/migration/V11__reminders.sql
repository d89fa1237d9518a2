-- Reminders chosen for households: one row per household and reminder, whether its SMS was queued
-- or held by the weekly cap, so that no household receives a reminder twice (several gateway
-- instances, a restart mid-campaign) and campaigns can be reported by section.
CREATE TABLE reminder (
  household_id  uuid NOT NULL REFERENCES household(id),
  reminder_key  text NOT NULL,
  campaign      text NOT NULL,
  kind          text NOT NULL,
  mutual_id     text NOT NULL REFERENCES mutual(id),
  section_id    text NOT NULL,
  amount_due    bigint NOT NULL,
  currency      char(3) NOT NULL,
  status        text NOT NULL CHECK (status IN ('QUEUED', 'HELD')),
  sms_key       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (household_id, reminder_key)
);
CREATE INDEX reminder_by_campaign ON reminder (mutual_id, campaign, section_id);
-- The weekly cap counts a household's reminders queued in the last seven days.
CREATE INDEX reminder_recent ON reminder (household_id, created_at) WHERE status = 'QUEUED';
