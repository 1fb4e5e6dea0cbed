-- A1 reads a user's nights by (tenant, user, start date). Nights arrive day by day with every
-- user's interleaved, so a user's 100 nights lie on 100 different heap pages: each a buffer to
-- find (on a store larger than shared buffers, a read) for one row. The index now carries every
-- column A1 reads, so the read is an index-only scan of a few adjacent leaf pages (the heap is
-- visited only for pages not yet marked all-visible by vacuum). Same keys: it replaces the
-- index, so each write still maintains one index for A1. Building it blocks writes to the table
-- while it runs.
DROP INDEX IF EXISTS "analytics"."nightly_facts_user_start_idx";
--> statement-breakpoint
CREATE INDEX "nightly_facts_user_start_idx" ON "analytics"."nightly_facts"
  ("tenant_id", "user_id", "start_date")
  INCLUDE ("start_at", "session_id", "end_at", "zone", "peculiarities", "stat_json");
