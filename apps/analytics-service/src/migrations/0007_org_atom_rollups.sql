-- Tenant statistics served from rollups per atom (a user's birth year, gender and tags as stored):
-- `org_atom_days` (counts per atom and sleep day), `org_atom_values` (per atom, metric, value and
-- month, how many user-days had that value up to each day of the month: a window's count is a
-- difference), `org_user_months` (per user and month, the days with a row and the days with a
-- night, as bits: exact distinct users of any window) and `org_open_days` (the user-days with open
-- starts). All follow `org_user_days` through statement triggers; a profile change moves the
-- user's rows to their new atom.
CREATE FUNCTION "analytics"."org_atom"(birth_year integer, gender text, tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_build_array(birth_year, gender, to_jsonb(coalesce(tags, '{}'::text[])))::text $$;
--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ADD COLUMN "atom" text;
--> statement-breakpoint
UPDATE "analytics"."org_user_days" o SET "atom" = coalesce(
  (SELECT "analytics"."org_atom"(p.birth_year, p.gender, p.tags) FROM "analytics"."user_profiles" p
   WHERE p.tenant_id = o.tenant_id AND p.user_id = o.user_id),
  "analytics"."org_atom"(NULL, NULL, NULL));
--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ALTER COLUMN "atom" SET NOT NULL;
--> statement-breakpoint
CREATE TABLE "analytics"."org_atom_days" (
	"tenant_id" text NOT NULL,
	"atom" text NOT NULL,
	"day" date NOT NULL,
	"users" integer NOT NULL,
	"nights" integer NOT NULL,
	"started" integer NOT NULL,
	"completed" integer NOT NULL,
	"completed_on_time" integer NOT NULL,
	"completed_late" integer NOT NULL,
	CONSTRAINT "org_atom_days_pkey" PRIMARY KEY("tenant_id","day","atom")
);
--> statement-breakpoint
CREATE TABLE "analytics"."org_atom_values" (
	"tenant_id" text NOT NULL,
	"atom" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"month" date NOT NULL,
	"running" integer[] NOT NULL,
	CONSTRAINT "org_atom_values_pkey" PRIMARY KEY("tenant_id","month","atom","metric","value")
);
--> statement-breakpoint
CREATE TABLE "analytics"."org_user_months" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"month" date NOT NULL,
	"atom" text NOT NULL,
	"days" integer NOT NULL,
	"active_days" integer NOT NULL,
	CONSTRAINT "org_user_months_pkey" PRIMARY KEY("tenant_id","month","user_id")
);
--> statement-breakpoint
-- The user-days with open starts (missing or pending depends on the time of the request).
CREATE TABLE "analytics"."org_open_days" (
	"tenant_id" text NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"atom" text NOT NULL,
	"open" smallint NOT NULL,
	"open_due_at" timestamp with time zone,
	CONSTRAINT "org_open_days_pkey" PRIMARY KEY("tenant_id","day","user_id")
);
--> statement-breakpoint
-- `running[d + 1]`: user-days of the month up to day d with the value (`running[1]` = 0).
CREATE FUNCTION "analytics"."org_running"(days integer[], counts integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array(SELECT coalesce(sum(c.n), 0)::int FROM generate_series(1, 32) i
                     LEFT JOIN unnest(days, counts) c(d, n) ON c.d < i GROUP BY i ORDER BY i) $$;
--> statement-breakpoint
CREATE AGGREGATE "analytics"."org_concat"(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
--> statement-breakpoint
CREATE FUNCTION "analytics"."org_add"(a integer[], b integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array(SELECT x + y FROM unnest(a, b) t(x, y)) $$;
--> statement-breakpoint
-- Applies the rows a statement removed (sign -1) and added (+1). Writers of one tenant's rollups
-- take turns (an advisory lock per tenant until commit): no deadlock between their upserts. A
-- removal only updates existing rollups, so deleting a tenant's tables in any order leaves none.
CREATE FUNCTION "analytics"."org_apply_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('pg_temp.org_changes') IS NULL THEN
    CREATE TEMP TABLE org_changes (
      tenant_id text, user_id text, atom text, day date, sign int, users int, nights int, started int,
      completed int, completed_on_time int, completed_late int, score float8, time_in_sleep float8,
      efficiency float8, latency float8, open smallint, open_due_at timestamptz) ON COMMIT DELETE ROWS;
  END IF;
  DELETE FROM org_changes;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO org_changes
      SELECT tenant_id, user_id, atom, day, -1, -1, -nights, -started, -completed, -completed_on_time,
             -completed_late, score, time_in_sleep, efficiency, latency, open, open_due_at
      FROM old_rows;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO org_changes
      SELECT tenant_id, user_id, atom, day, 1, 1, nights, started, completed, completed_on_time,
             completed_late, score, time_in_sleep, efficiency, latency, open, open_due_at
      FROM new_rows;
  END IF;
  PERFORM pg_advisory_xact_lock(2683, hashtext(t.tenant_id))
    FROM (SELECT DISTINCT tenant_id FROM org_changes ORDER BY 1) t;

  WITH d AS (
    SELECT tenant_id, atom, day, sum(users)::int AS users, sum(nights)::int AS nights,
           sum(started)::int AS started, sum(completed)::int AS completed,
           sum(completed_on_time)::int AS completed_on_time, sum(completed_late)::int AS completed_late,
           bool_and(sign < 0) AS removal
    FROM org_changes GROUP BY 1, 2, 3
  ), removed AS (
    UPDATE analytics.org_atom_days a
    SET users = a.users + d.users, nights = a.nights + d.nights, started = a.started + d.started,
        completed = a.completed + d.completed, completed_on_time = a.completed_on_time + d.completed_on_time,
        completed_late = a.completed_late + d.completed_late
    FROM d WHERE d.removal AND a.tenant_id = d.tenant_id AND a.day = d.day AND a.atom = d.atom
  )
  INSERT INTO analytics.org_atom_days AS a
    SELECT tenant_id, atom, day, users, nights, started, completed, completed_on_time, completed_late
    FROM d WHERE NOT d.removal AND (users, nights, started, completed, completed_on_time, completed_late) <> (0, 0, 0, 0, 0, 0)
    ORDER BY tenant_id, day, atom
  ON CONFLICT (tenant_id, day, atom) DO UPDATE
    SET users = a.users + excluded.users, nights = a.nights + excluded.nights,
        started = a.started + excluded.started, completed = a.completed + excluded.completed,
        completed_on_time = a.completed_on_time + excluded.completed_on_time,
        completed_late = a.completed_late + excluded.completed_late;
  DELETE FROM analytics.org_atom_days a USING (SELECT DISTINCT tenant_id, atom, day FROM org_changes) d
    WHERE a.tenant_id = d.tenant_id AND a.day = d.day AND a.atom = d.atom AND a.users = 0;

  WITH v AS (
    SELECT c.tenant_id, c.atom, m.metric, m.value, date_trunc('month', c.day)::date AS month,
           extract(day FROM c.day)::int AS dom, sum(c.sign)::int AS n, bool_and(c.sign < 0) AS removal
    FROM org_changes c
    CROSS JOIN LATERAL (VALUES ('score', c.score), ('time_in_sleep', c.time_in_sleep),
                               ('efficiency', c.efficiency), ('latency', c.latency)) m(metric, value)
    WHERE m.value IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(c.sign) <> 0
  ), w AS (
    SELECT v.*, sum(n) OVER k AS total, lead(dom, 1, 32) OVER k AS next FROM v
    WINDOW k AS (PARTITION BY tenant_id, atom, metric, value, month ORDER BY dom)
  ), d AS (
    -- `org_running` built from runs: zeros up to the first day, then each running total until
    -- the next day with a change (array functions only: this runs for every changed value).
    SELECT tenant_id, atom, metric, value, month, bool_and(removal) AS removal,
           array_fill(0, ARRAY[min(dom)])
             || analytics.org_concat(array_fill(total::int, ARRAY[next - dom]) ORDER BY dom) AS running
    FROM w GROUP BY 1, 2, 3, 4, 5
  ), removed AS (
    UPDATE analytics.org_atom_values a SET running = analytics.org_add(a.running, d.running)
    FROM d WHERE d.removal AND a.tenant_id = d.tenant_id AND a.month = d.month AND a.atom = d.atom
      AND a.metric = d.metric AND a.value = d.value
  )
  INSERT INTO analytics.org_atom_values AS a
    SELECT tenant_id, atom, metric, value, month, running FROM d WHERE NOT d.removal
    ORDER BY tenant_id, month, atom, metric, value
  ON CONFLICT (tenant_id, month, atom, metric, value) DO UPDATE
    SET running = analytics.org_add(a.running, excluded.running);
  DELETE FROM analytics.org_atom_values a
    USING (SELECT DISTINCT tenant_id, atom, date_trunc('month', day)::date AS month FROM org_changes) d
    WHERE a.tenant_id = d.tenant_id AND a.month = d.month AND a.atom = d.atom AND a.running[32] = 0;

  DELETE FROM analytics.org_open_days o USING org_changes c
    WHERE c.sign < 0 AND c.open > 0 AND o.tenant_id = c.tenant_id AND o.day = c.day AND o.user_id = c.user_id;
  INSERT INTO analytics.org_open_days
    SELECT tenant_id, day, user_id, atom, open, open_due_at FROM org_changes WHERE sign > 0 AND open > 0;

  -- Per user and month: recomputed from `org_user_days` (a user's writers hold its lock).
  DELETE FROM analytics.org_user_months o
    USING (SELECT DISTINCT tenant_id, user_id, date_trunc('month', day)::date AS month FROM org_changes) t
    WHERE o.tenant_id = t.tenant_id AND o.month = t.month AND o.user_id = t.user_id;
  INSERT INTO analytics.org_user_months (tenant_id, user_id, month, atom, days, active_days)
    SELECT t.tenant_id, t.user_id, t.month, max(o.atom), bit_or(1 << (extract(day FROM o.day)::int - 1)),
           coalesce(bit_or(1 << (extract(day FROM o.day)::int - 1)) FILTER (WHERE o.nights > 0), 0)
    FROM (SELECT DISTINCT tenant_id, user_id, date_trunc('month', day)::date AS month FROM org_changes) t
    JOIN analytics.org_user_days o ON o.tenant_id = t.tenant_id AND o.user_id = t.user_id
      AND o.day >= t.month AND o.day < t.month + interval '1 month'
    GROUP BY t.tenant_id, t.user_id, t.month;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "org_user_days_inserted" AFTER INSERT ON "analytics"."org_user_days"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
CREATE TRIGGER "org_user_days_updated" AFTER UPDATE ON "analytics"."org_user_days"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
CREATE TRIGGER "org_user_days_deleted" AFTER DELETE ON "analytics"."org_user_days"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
-- A profile change moves the user's rows to their new atom (the rollups follow the update).
CREATE FUNCTION "analytics"."org_move_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE analytics.org_user_days o SET atom = analytics.org_atom(NULL, NULL, NULL)
      WHERE o.tenant_id = OLD.tenant_id AND o.user_id = OLD.user_id
        AND o.atom <> analytics.org_atom(NULL, NULL, NULL);
  ELSE
    UPDATE analytics.org_user_days o SET atom = analytics.org_atom(NEW.birth_year, NEW.gender, NEW.tags)
      WHERE o.tenant_id = NEW.tenant_id AND o.user_id = NEW.user_id
        AND o.atom <> analytics.org_atom(NEW.birth_year, NEW.gender, NEW.tags);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "user_profiles_moved" AFTER INSERT OR UPDATE OR DELETE ON "analytics"."user_profiles"
  FOR EACH ROW EXECUTE FUNCTION "analytics"."org_move_user"();
--> statement-breakpoint
INSERT INTO "analytics"."org_atom_days"
  SELECT tenant_id, atom, day, count(*), sum(nights), sum(started), sum(completed),
         sum(completed_on_time), sum(completed_late)
  FROM "analytics"."org_user_days" GROUP BY tenant_id, atom, day;
--> statement-breakpoint
INSERT INTO "analytics"."org_atom_values"
  SELECT tenant_id, atom, metric, value, month, "analytics"."org_running"(array_agg(dom), array_agg(n))
  FROM (SELECT o.tenant_id, o.atom, m.metric, m.value, date_trunc('month', o.day)::date AS month,
               extract(day FROM o.day)::int AS dom, count(*)::int AS n
        FROM "analytics"."org_user_days" o
        CROSS JOIN LATERAL (VALUES ('score', o.score::float8), ('time_in_sleep', o.time_in_sleep::float8),
                                   ('efficiency', o.efficiency), ('latency', o.latency::float8)) m(metric, value)
        WHERE m.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) v
  GROUP BY tenant_id, atom, metric, value, month;
--> statement-breakpoint
INSERT INTO "analytics"."org_open_days"
  SELECT tenant_id, day, user_id, atom, open, open_due_at FROM "analytics"."org_user_days" WHERE open > 0;
--> statement-breakpoint
INSERT INTO "analytics"."org_user_months"
  SELECT tenant_id, user_id, date_trunc('month', day)::date, max(atom),
         bit_or(1 << (extract(day FROM day)::int - 1)),
         coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE nights > 0), 0)
  FROM "analytics"."org_user_days" GROUP BY 1, 2, 3;
