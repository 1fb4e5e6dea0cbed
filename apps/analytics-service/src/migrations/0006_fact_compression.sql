-- The wide values of facts and reports (stat, stages, score detail, report bodies) compressed with
-- lz4 instead of pglz: storing a night and reading it back cost several times less CPU on the
-- server. Rows stored before keep their pglz values until rewritten. A server built without lz4
-- keeps pglz: nothing else depends on the method.
DO $$
BEGIN
  ALTER TABLE "analytics"."nightly_facts"
    ALTER COLUMN "stat" SET COMPRESSION lz4,
    ALTER COLUMN "sleep_stages" SET COMPRESSION lz4,
    ALTER COLUMN "score_detail" SET COMPRESSION lz4;
  ALTER TABLE "analytics"."reports" ALTER COLUMN "body" SET COMPRESSION lz4;
  ALTER TABLE "analytics"."insights" ALTER COLUMN "body" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 compression not supported by this server: facts stay pglz-compressed';
END
$$;
