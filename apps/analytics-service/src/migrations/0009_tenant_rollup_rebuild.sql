-- A tenant's recompute rewrites every `org_user_days` row of the tenant: like a rebuild, it skips
-- the statement triggers (`analytics.defer_rollups`) and builds the tenant's four rollups once at
-- the end, from its `org_user_days` rows as `org_rebuild_rollups()` builds every tenant's. Under
-- the tenant's rollup lock (as the triggers): live writes of the tenant wait, and those committed
-- before are read.
CREATE FUNCTION "analytics"."org_rebuild_tenant_rollups"(tenant text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2683, hashtext(tenant));
  DELETE FROM analytics.org_atom_days WHERE tenant_id = tenant;
  DELETE FROM analytics.org_atom_values WHERE tenant_id = tenant;
  DELETE FROM analytics.org_open_days WHERE tenant_id = tenant;
  DELETE FROM analytics.org_user_months WHERE tenant_id = tenant;
  INSERT INTO analytics.org_atom_days
    SELECT tenant_id, atom, day, count(*), sum(nights), sum(started), sum(completed),
           sum(completed_on_time), sum(completed_late)
    FROM analytics.org_user_days WHERE tenant_id = tenant GROUP BY tenant_id, atom, day;
  INSERT INTO analytics.org_atom_values
    SELECT tenant_id, atom, metric, value, month, analytics.org_running(array_agg(dom), array_agg(n))
    FROM (SELECT o.tenant_id, o.atom, m.metric, m.value, date_trunc('month', o.day)::date AS month,
                 extract(day FROM o.day)::int AS dom, count(*)::int AS n
          FROM analytics.org_user_days o
          CROSS JOIN LATERAL (VALUES ('score', o.score::float8), ('time_in_sleep', o.time_in_sleep::float8),
                                     ('efficiency', o.efficiency), ('latency', o.latency::float8)) m(metric, value)
          WHERE o.tenant_id = tenant AND m.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) v
    GROUP BY tenant_id, atom, metric, value, month;
  INSERT INTO analytics.org_open_days
    SELECT tenant_id, day, user_id, atom, open, open_due_at FROM analytics.org_user_days
    WHERE tenant_id = tenant AND open > 0;
  INSERT INTO analytics.org_user_months
    SELECT tenant_id, user_id, date_trunc('month', day)::date, max(atom),
           bit_or(1 << (extract(day FROM day)::int - 1)),
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE nights > 0), 0)
    FROM analytics.org_user_days WHERE tenant_id = tenant GROUP BY 1, 2, 3;
END $$;
