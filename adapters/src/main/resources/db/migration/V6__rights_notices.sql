-- Each person's rights status as last told (or, the first time, silently recorded), so that the
-- daily rights run tells a household of a change once.
ALTER TABLE member ADD COLUMN rights_status text;
ALTER TABLE member ADD COLUMN rights_checked_on date;

-- Daily jobs, claimed by one gateway instance per day; a run whose instance died is taken over
-- once its lease has passed (the run is safe to repeat).
CREATE TABLE job_run (
  job            text NOT NULL,
  day            date NOT NULL,
  claimed_by     text NOT NULL,
  claimed_until  timestamptz NOT NULL,
  finished_at    timestamptz,
  PRIMARY KEY (job, day)
);
