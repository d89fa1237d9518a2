-- People and systems that use the API, each with its own credentials (issue 16). Secrets are
-- never stored: passwords as slow salted hashes, API keys and session tokens as SHA-256 of their
-- random secret, found by the id that is the public part of the token.
CREATE TABLE account (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('person', 'system')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  login         text UNIQUE CHECK (login = lower(login)),
  password_hash text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid REFERENCES account(id),
  disabled_at   timestamptz,
  CHECK (kind = 'person' OR (login IS NULL AND password_hash IS NULL))
);

CREATE TABLE account_grant (
  id            bigserial PRIMARY KEY,
  account_id    uuid NOT NULL REFERENCES account(id),
  role          text NOT NULL CHECK (role IN ('administrator', 'mutual-manager', 'accountant', 'section-agent', 'health-centre', 'funder')),
  mutual        text,
  section       text,
  health_centre text,
  funder        text
);
CREATE INDEX account_grant_account ON account_grant (account_id);

CREATE TABLE account_credential (
  id           text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES account(id),
  kind         text NOT NULL CHECK (kind IN ('api-key', 'session')),
  secret_hash  bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CHECK (kind = 'api-key' OR expires_at IS NOT NULL)
);
CREATE INDEX account_credential_account ON account_credential (account_id);

-- The authenticated account behind a row written by an admin route (actor keeps its name).
ALTER TABLE audit_log ADD COLUMN account_id uuid REFERENCES account(id);
