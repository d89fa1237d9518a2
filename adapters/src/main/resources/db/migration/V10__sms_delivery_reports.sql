-- What the SMS network said of each message sent (the transport's message id is the outbox row's
-- result), and how often an undelivered one was sent again.
ALTER TABLE outbox ADD COLUMN delivery_status text;
ALTER TABLE outbox ADD COLUMN delivery_failure text;
ALTER TABLE outbox ADD COLUMN delivery_updated_at timestamptz;
ALTER TABLE outbox ADD COLUMN redelivery_of bigint REFERENCES outbox(id);
CREATE INDEX outbox_sms_by_message_id ON outbox (result) WHERE topic = 'sms';
