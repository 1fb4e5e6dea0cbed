-- `org_rebuild_rollups()` (0008) as four functions, one per rollup, each emptying and building its
-- table from every `org_user_days` row: they read the same rows and write apart, so a rebuild runs
-- them at once on four connections (`rebuildOrgRollups`). `org_rebuild_rollups()` calls the four
-- in turn and builds the same rows as before.
CREATE FUNCTION "analytics"."org_rebuild_atom_days"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analytics.org_atom_days;
  INSERT INTO analytics.org_atom_days
    SELECT tenant_id, atom, day, count(*), sum(nights), sum(started), sum(completed),
           sum(completed_on_time), sum(completed_late)
    FROM analytics.org_user_days GROUP BY tenant_id, atom, day;
END $$;
--> statement-breakpoint
CREATE FUNCTION "analytics"."org_rebuild_atom_values"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analytics.org_atom_values;
  INSERT INTO analytics.org_atom_values
    SELECT tenant_id, atom, metric, value, month, analytics.org_running(array_agg(dom), array_agg(n))
    FROM (SELECT o.tenant_id, o.atom, m.metric, m.value, date_trunc('month', o.day)::date AS month,
                 extract(day FROM o.day)::int AS dom, count(*)::int AS n
          FROM analytics.org_user_days o
          CROSS JOIN LATERAL (VALUES ('score', o.score::float8), ('time_in_sleep', o.time_in_sleep::float8),
                                     ('efficiency', o.efficiency), ('latency', o.latency::float8)) m(metric, value)
          WHERE m.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) v
    GROUP BY tenant_id, atom, metric, value, month;
END $$;
--> statement-breakpoint
CREATE FUNCTION "analytics"."org_rebuild_open_days"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analytics.org_open_days;
  INSERT INTO analytics.org_open_days
    SELECT tenant_id, day, user_id, atom, open, open_due_at FROM analytics.org_user_days WHERE open > 0;
END $$;
--> statement-breakpoint
CREATE FUNCTION "analytics"."org_rebuild_user_months"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analytics.org_user_months;
  INSERT INTO analytics.org_user_months
    SELECT tenant_id, user_id, date_trunc('month', day)::date, max(atom),
           bit_or(1 << (extract(day FROM day)::int - 1)),
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE nights > 0), 0)
    FROM analytics.org_user_days GROUP BY 1, 2, 3;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "analytics"."org_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics.org_rebuild_atom_days();
  PERFORM analytics.org_rebuild_atom_values();
  PERFORM analytics.org_rebuild_open_days();
  PERFORM analytics.org_rebuild_user_months();
END $$;
