-- A household that sent STOP gets no reminders or notices (receipts and answers to its own
-- messages still go); START undoes it.
ALTER TABLE household ADD COLUMN sms_opt_out boolean NOT NULL DEFAULT false;
