-- When each API token was last used, to the hour (AccountService::Authenticate
-- writes it at most once an hour per token): `tanzim token list` shows which
-- tokens scripts still use, so the others can be revoked without guessing.
-- RFC 3339 UTC text; NULL when not used since this migration.
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
