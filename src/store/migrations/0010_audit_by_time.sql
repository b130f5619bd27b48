-- The audit trail's time filters (`GET /api/v1/audit?from=&to=`) walked the
-- trail by id from its first entry, testing each entry's time: a page of last
-- week's entries read years of trail. Entry times never go backwards along the
-- chain (the writer keeps each at or after the one before), so the first entry
-- at or after `from` and the last before `to`, found in this index, bound the
-- ids to walk. The keys arrive in order, so keeping it costs an append.
CREATE INDEX audit_by_at ON audit_log (at);
