-- A rebuild writes every `org_user_days` row into empty rollups: keeping them statement by
-- statement costs more than building them once at the end. A transaction that sets
-- `analytics.defer_rollups` to `on` skips the triggers and must call `org_rebuild_rollups()`
-- before anyone reads the rollups.
DROP TRIGGER "org_user_days_inserted" ON "analytics"."org_user_days";
--> statement-breakpoint
DROP TRIGGER "org_user_days_updated" ON "analytics"."org_user_days";
--> statement-breakpoint
DROP TRIGGER "org_user_days_deleted" ON "analytics"."org_user_days";
--> statement-breakpoint
CREATE TRIGGER "org_user_days_inserted" AFTER INSERT ON "analytics"."org_user_days"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('analytics.defer_rollups', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
CREATE TRIGGER "org_user_days_updated" AFTER UPDATE ON "analytics"."org_user_days"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('analytics.defer_rollups', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
CREATE TRIGGER "org_user_days_deleted" AFTER DELETE ON "analytics"."org_user_days"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('analytics.defer_rollups', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION "analytics"."org_apply_changes"();
--> statement-breakpoint
-- The four rollups of every tenant, built at once from `org_user_days` (as migration 0007 did).
CREATE FUNCTION "analytics"."org_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM analytics.org_atom_days;
  DELETE FROM analytics.org_atom_values;
  DELETE FROM analytics.org_open_days;
  DELETE FROM analytics.org_user_months;
  INSERT INTO analytics.org_atom_days
    SELECT tenant_id, atom, day, count(*), sum(nights), sum(started), sum(completed),
           sum(completed_on_time), sum(completed_late)
    FROM analytics.org_user_days GROUP BY tenant_id, atom, day;
  INSERT INTO analytics.org_atom_values
    SELECT tenant_id, atom, metric, value, month, analytics.org_running(array_agg(dom), array_agg(n))
    FROM (SELECT o.tenant_id, o.atom, m.metric, m.value, date_trunc('month', o.day)::date AS month,
                 extract(day FROM o.day)::int AS dom, count(*)::int AS n
          FROM analytics.org_user_days o
          CROSS JOIN LATERAL (VALUES ('score', o.score::float8), ('time_in_sleep', o.time_in_sleep::float8),
                                     ('efficiency', o.efficiency), ('latency', o.latency::float8)) m(metric, value)
          WHERE m.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) v
    GROUP BY tenant_id, atom, metric, value, month;
  INSERT INTO analytics.org_open_days
    SELECT tenant_id, day, user_id, atom, open, open_due_at FROM analytics.org_user_days WHERE open > 0;
  INSERT INTO analytics.org_user_months
    SELECT tenant_id, user_id, date_trunc('month', day)::date, max(atom),
           bit_or(1 << (extract(day FROM day)::int - 1)),
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE nights > 0), 0)
    FROM analytics.org_user_days GROUP BY 1, 2, 3;
END $$;
