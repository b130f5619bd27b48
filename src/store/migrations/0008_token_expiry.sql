-- API tokens expire (docs/security.md). `tanzim token create` gives 90 days
-- unless told otherwise (at most 366); tokens issued before this migration get
-- 90 days from their creation, so an old forgotten token stops working too.
-- RFC 3339 UTC text of fixed width: comparing it as text compares the times.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+90 days');
