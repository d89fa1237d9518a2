-- A receipt's number is taken last in its transaction, so that the mutual's counter row stays
-- locked for as short a time as possible: the rows that point at the receipt are written before
-- it, and their references are checked at commit.
ALTER TABLE receipt_member ALTER CONSTRAINT receipt_member_receipt_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE journal_entry ALTER CONSTRAINT journal_entry_receipt_id_fkey DEFERRABLE INITIALLY DEFERRED;
