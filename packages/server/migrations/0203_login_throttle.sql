-- Failed logins per client address (issue 12): password spraying — one address trying one password
-- across many user names — is slowed by a limit per address, kept here so that every instance on
-- one database counts the same failures. One row per address (IPv6: per /64); a row quiet for a
-- day is deleted. Successful logins are never counted.
CREATE TABLE login_address_failures (
  address text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX login_address_failures_last_idx ON login_address_failures (last_failure_at);
