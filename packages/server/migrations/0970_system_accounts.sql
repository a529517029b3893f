-- System accounts (issue 16): an account a program logs in with (the device simulator, an
-- integration) rather than a person. Its audit entries name the system ("system:device-simulator"),
-- never a person, while keeping the account's id as the actor id, so the record stays traceable.
-- NULL for every person's account.
ALTER TABLE users ADD COLUMN system_name text;
ALTER TABLE users ADD CONSTRAINT users_system_name_format
  CHECK (system_name IS NULL OR system_name ~ '^[a-z][a-z0-9-]{1,39}$');
