-- The journal and the audit log are the record: nothing empties them, not even TRUNCATE (which skips
-- row triggers), and the audit log is as append-only as the journal.
CREATE TRIGGER journal_entry_never_truncated BEFORE TRUNCATE ON journal_entry
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER posting_never_truncated BEFORE TRUNCATE ON posting
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_never_truncated BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Every entry balances when its transaction commits, also one that a later transaction adds a
-- posting to (the check on journal_entry only fires for entries inserted in the committing
-- transaction). One indexed sum per posting at commit: an entry has a handful of legs, and a
-- cheaper "once per entry" memo would have to live in a setting the session itself could forge.
CREATE FUNCTION journal_check_posting_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  legs int;
BEGIN
  SELECT coalesce(sum(amount), 0), count(*) INTO total, legs FROM posting WHERE entry_id = NEW.entry_id;
  IF legs < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'journal entry % is unbalanced (% postings summing to %)', NEW.entry_id, legs, total;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER posting_entry_balanced AFTER INSERT ON posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_check_posting_entry();
