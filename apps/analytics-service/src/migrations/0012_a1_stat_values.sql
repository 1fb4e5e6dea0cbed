-- A1 reads every night of its window from its covering index: the stat as json text was ~1.1 kB
-- a night (576 bytes compressed), half of it key names. "a1_stat" holds the same values without
-- the keys: a json array in the order Postgres prints a jsonb's keys (shorter first, then
-- bytewise), so the reader puts the keys back and gets the object it parsed before, key for key.
-- A stat with any other key set (a field Asleep adds later, a missing one) is kept whole as its
-- json object. Generated from "stat", so every writer keeps it; it replaces "stat_json" (read by
-- A1 only) in the table and the index. Adding it rewrites the table and the index once.
DROP INDEX IF EXISTS "analytics"."nightly_facts_user_start_idx";
--> statement-breakpoint
ALTER TABLE "analytics"."nightly_facts" DROP COLUMN IF EXISTS "stat_json";
--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "analytics"."nightly_facts"
    ADD COLUMN "a1_stat" json COMPRESSION lz4 GENERATED ALWAYS AS (coalesce(
    CASE WHEN "stat" - '{rem_ratio,wake_time,deep_ratio,sleep_time,wake_ratio,waso_count,light_ratio,rem_latency,sleep_cycle,sleep_index,sleep_ratio,time_in_bed,time_in_rem,deep_latency,longest_waso,time_in_deep,time_in_wake,light_latency,sleep_latency,snoring_count,snoring_ratio,time_in_light,time_in_sleep,wakeup_latency,breathing_index,time_in_snoring,no_snoring_ratio,sleep_cycle_time,sleep_efficiency,breathing_pattern,sleep_cycle_count,time_in_no_snoring,stable_breath_ratio,time_in_sleep_period,time_in_stable_breath,unstable_breath_count,unstable_breath_ratio,time_in_unstable_breath}'::text[] = '{}'::jsonb THEN
      ('[' || ("stat" -> 'rem_ratio')::text
      || ',' || ("stat" -> 'wake_time')::text
      || ',' || ("stat" -> 'deep_ratio')::text
      || ',' || ("stat" -> 'sleep_time')::text
      || ',' || ("stat" -> 'wake_ratio')::text
      || ',' || ("stat" -> 'waso_count')::text
      || ',' || ("stat" -> 'light_ratio')::text
      || ',' || ("stat" -> 'rem_latency')::text
      || ',' || ("stat" -> 'sleep_cycle')::text
      || ',' || ("stat" -> 'sleep_index')::text
      || ',' || ("stat" -> 'sleep_ratio')::text
      || ',' || ("stat" -> 'time_in_bed')::text
      || ',' || ("stat" -> 'time_in_rem')::text
      || ',' || ("stat" -> 'deep_latency')::text
      || ',' || ("stat" -> 'longest_waso')::text
      || ',' || ("stat" -> 'time_in_deep')::text
      || ',' || ("stat" -> 'time_in_wake')::text
      || ',' || ("stat" -> 'light_latency')::text
      || ',' || ("stat" -> 'sleep_latency')::text
      || ',' || ("stat" -> 'snoring_count')::text
      || ',' || ("stat" -> 'snoring_ratio')::text
      || ',' || ("stat" -> 'time_in_light')::text
      || ',' || ("stat" -> 'time_in_sleep')::text
      || ',' || ("stat" -> 'wakeup_latency')::text
      || ',' || ("stat" -> 'breathing_index')::text
      || ',' || ("stat" -> 'time_in_snoring')::text
      || ',' || ("stat" -> 'no_snoring_ratio')::text
      || ',' || ("stat" -> 'sleep_cycle_time')::text
      || ',' || ("stat" -> 'sleep_efficiency')::text
      || ',' || ("stat" -> 'breathing_pattern')::text
      || ',' || ("stat" -> 'sleep_cycle_count')::text
      || ',' || ("stat" -> 'time_in_no_snoring')::text
      || ',' || ("stat" -> 'stable_breath_ratio')::text
      || ',' || ("stat" -> 'time_in_sleep_period')::text
      || ',' || ("stat" -> 'time_in_stable_breath')::text
      || ',' || ("stat" -> 'unstable_breath_count')::text
      || ',' || ("stat" -> 'unstable_breath_ratio')::text
      || ',' || ("stat" -> 'time_in_unstable_breath')::text
      || ']')::json
    END,
    "stat"::json)) STORED;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE "analytics"."nightly_facts"
    ADD COLUMN "a1_stat" json GENERATED ALWAYS AS (coalesce(
    CASE WHEN "stat" - '{rem_ratio,wake_time,deep_ratio,sleep_time,wake_ratio,waso_count,light_ratio,rem_latency,sleep_cycle,sleep_index,sleep_ratio,time_in_bed,time_in_rem,deep_latency,longest_waso,time_in_deep,time_in_wake,light_latency,sleep_latency,snoring_count,snoring_ratio,time_in_light,time_in_sleep,wakeup_latency,breathing_index,time_in_snoring,no_snoring_ratio,sleep_cycle_time,sleep_efficiency,breathing_pattern,sleep_cycle_count,time_in_no_snoring,stable_breath_ratio,time_in_sleep_period,time_in_stable_breath,unstable_breath_count,unstable_breath_ratio,time_in_unstable_breath}'::text[] = '{}'::jsonb THEN
      ('[' || ("stat" -> 'rem_ratio')::text
      || ',' || ("stat" -> 'wake_time')::text
      || ',' || ("stat" -> 'deep_ratio')::text
      || ',' || ("stat" -> 'sleep_time')::text
      || ',' || ("stat" -> 'wake_ratio')::text
      || ',' || ("stat" -> 'waso_count')::text
      || ',' || ("stat" -> 'light_ratio')::text
      || ',' || ("stat" -> 'rem_latency')::text
      || ',' || ("stat" -> 'sleep_cycle')::text
      || ',' || ("stat" -> 'sleep_index')::text
      || ',' || ("stat" -> 'sleep_ratio')::text
      || ',' || ("stat" -> 'time_in_bed')::text
      || ',' || ("stat" -> 'time_in_rem')::text
      || ',' || ("stat" -> 'deep_latency')::text
      || ',' || ("stat" -> 'longest_waso')::text
      || ',' || ("stat" -> 'time_in_deep')::text
      || ',' || ("stat" -> 'time_in_wake')::text
      || ',' || ("stat" -> 'light_latency')::text
      || ',' || ("stat" -> 'sleep_latency')::text
      || ',' || ("stat" -> 'snoring_count')::text
      || ',' || ("stat" -> 'snoring_ratio')::text
      || ',' || ("stat" -> 'time_in_light')::text
      || ',' || ("stat" -> 'time_in_sleep')::text
      || ',' || ("stat" -> 'wakeup_latency')::text
      || ',' || ("stat" -> 'breathing_index')::text
      || ',' || ("stat" -> 'time_in_snoring')::text
      || ',' || ("stat" -> 'no_snoring_ratio')::text
      || ',' || ("stat" -> 'sleep_cycle_time')::text
      || ',' || ("stat" -> 'sleep_efficiency')::text
      || ',' || ("stat" -> 'breathing_pattern')::text
      || ',' || ("stat" -> 'sleep_cycle_count')::text
      || ',' || ("stat" -> 'time_in_no_snoring')::text
      || ',' || ("stat" -> 'stable_breath_ratio')::text
      || ',' || ("stat" -> 'time_in_sleep_period')::text
      || ',' || ("stat" -> 'time_in_stable_breath')::text
      || ',' || ("stat" -> 'unstable_breath_count')::text
      || ',' || ("stat" -> 'unstable_breath_ratio')::text
      || ',' || ("stat" -> 'time_in_unstable_breath')::text
      || ']')::json
    END,
    "stat"::json)) STORED;
END
$$;
--> statement-breakpoint
CREATE INDEX "nightly_facts_user_start_idx" ON "analytics"."nightly_facts"
  ("tenant_id", "user_id", "start_date")
  INCLUDE ("start_at", "session_id", "end_at", "zone", "peculiarities", "a1_stat");
