-- The report or insight a report.created / insight.created change announced, as analytics-service
-- published it: analytics.live.* stream it from the ledger. Null for session and user changes.
ALTER TABLE "gateway"."change_ledger" ADD COLUMN "body" jsonb;
