-- Large values compressed with lz4 instead of pglz where the server has it (the embedded database
-- does not): pglz took a fifth of Postgres' CPU catching up a backlog of completed nights, mostly
-- for outbox values that are purged minutes after they are sent. Only new values are affected.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings
    WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE "sessions"."outbox" ALTER COLUMN "value" SET COMPRESSION lz4;
    ALTER TABLE "sessions"."sessions" ALTER COLUMN "sleep_stages" SET COMPRESSION lz4;
    ALTER TABLE "sessions"."sessions" ALTER COLUMN "snoring_stages" SET COMPRESSION lz4;
    ALTER TABLE "sessions"."sessions" ALTER COLUMN "breath_stages" SET COMPRESSION lz4;
    ALTER TABLE "sessions"."sessions" ALTER COLUMN "stat" SET COMPRESSION lz4;
  END IF;
END $$;
