-- The stat as Postgres prints it (the text of the jsonb), stored beside it: A1 reads it for every
-- night of its window. Printing a jsonb stat costs the server several microseconds per night
-- (every number printed as a numeric); sending stored json text is a copy. Generated from `stat`,
-- so every writer (ingestion, rebuild, recomputes) keeps it without knowing of it. Adding it
-- rewrites the table once. Compressed with lz4 like the stat itself where the server has lz4.
DO $$
BEGIN
  ALTER TABLE "analytics"."nightly_facts"
    ADD COLUMN "stat_json" json COMPRESSION lz4 GENERATED ALWAYS AS ("stat"::json) STORED;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE "analytics"."nightly_facts"
    ADD COLUMN "stat_json" json GENERATED ALWAYS AS ("stat"::json) STORED;
END
$$;
