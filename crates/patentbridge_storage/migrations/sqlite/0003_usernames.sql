-- User names for accounts an administrator creates (the demo's admin, sme1 …).
ALTER TABLE users ADD COLUMN username TEXT;
CREATE UNIQUE INDEX users_username_unique ON users (username);
