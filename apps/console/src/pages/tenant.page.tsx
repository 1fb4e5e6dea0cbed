import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { addDays, today } from '../domain/sleep-days';
import { ErrorNote, Loading } from '../layout/query-state';

function Settings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tenant = useQuery(trpc.tenant.get.queryOptions());
  const update = useMutation(
    trpc.tenant.updateSettings.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.tenant.get.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.me.queryKey() }),
        ]),
    }),
  );
  const [name, setName] = useState<string | null>(null);
  const [zone, setZone] = useState<string | null>(null);
  if (tenant.isPending) return <Loading what="the tenant" />;
  if (tenant.isError) return <ErrorNote error={tenant.error} />;
  const t = tenant.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name ?? t.name, defaultTimezone: zone ?? t.defaultTimezone });
  };
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <dl className="stats">
        <div>
          <dt>Tenant id</dt>
          <dd className="mono">{t.id}</dd>
        </div>
        <div>
          <dt>Asleep key</dt>
          <dd className="mono">
            {t.keyFingerprint} (rotated {t.keyRotatedAt.slice(0, 10)})
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{t.createdAt.slice(0, 10)}</dd>
        </div>
      </dl>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="tenant-name">Name</label>
          <input
            id="tenant-name"
            value={name ?? t.name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="tenant-zone">Default time zone (IANA)</label>
          <input
            id="tenant-zone"
            value={zone ?? t.defaultTimezone}
            onChange={(e) => setZone(e.target.value)}
          />
        </div>
        <button type="submit" disabled={update.isPending}>
          Save
        </button>
        {update.isError && <ErrorNote error={update.error} />}
        {update.isSuccess && <p role="status">Saved (revision {update.data.revision}).</p>}
      </form>
    </section>
  );
}

function Usage({ zone }: { zone: string }) {
  const trpc = useTRPC();
  const to = today(zone);
  const from = addDays(to, -29);
  const usage = useQuery(trpc.tenant.usage.queryOptions({ from, to }));
  const totals = new Map<string, { calls: number; errors: number; weightedMs: number }>();
  for (const day of usage.data?.days ?? []) {
    const total = totals.get(day.procedure) ?? { calls: 0, errors: 0, weightedMs: 0 };
    total.calls += day.calls;
    total.errors += day.errors;
    total.weightedMs += day.meanMs * day.calls;
    totals.set(day.procedure, total);
  }
  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      {usage.isPending && <Loading what="usage" />}
      {usage.isError && <ErrorNote error={usage.error} />}
      {usage.data && (
        <div className="table-scroll">
          <table data-testid="usage">
            <caption>
              Calls from {from} to {to}
            </caption>
            <thead>
              <tr>
                <th scope="col">Procedure</th>
                <th scope="col">Calls</th>
                <th scope="col">Errors</th>
                <th scope="col">Mean time</th>
              </tr>
            </thead>
            <tbody>
              {[...totals]
                .sort((a, b) => b[1].calls - a[1].calls)
                .map(([procedure, total]) => (
                  <tr key={procedure}>
                    <th scope="row" className="mono">
                      {procedure}
                    </th>
                    <td>{total.calls}</td>
                    <td>{total.errors}</td>
                    <td>
                      {total.calls ? `${(total.weightedMs / total.calls).toFixed(1)} ms` : '—'}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`);

/** The data-completeness SLO of the last 30 sleep days (`org.stats`, k-anonymous). */
function Completeness({ zone }: { zone: string }) {
  const trpc = useTRPC();
  const to = today(zone);
  const from = addDays(to, -29);
  const stats = useQuery(trpc.org.stats.queryOptions({ period: 'custom', from, to }));
  const total = stats.data?.total;
  return (
    <section aria-labelledby="completeness-heading">
      <h2 id="completeness-heading">Data completeness</h2>
      {stats.isPending && <Loading what="completeness" />}
      {stats.isError && <ErrorNote error={stats.error} />}
      {total?.suppressed && (
        <p>
          Too few users tracked from {from} to {to} to show figures (k-anonymity).
        </p>
      )}
      {total && !total.suppressed && (
        <dl className="stats" data-testid="completeness">
          <div>
            <dt>Complete within {total.completenessSlo.deadlineHours} h</dt>
            <dd>{percent(total.completenessSlo.onTimeRatio)}</dd>
          </div>
          <div>
            <dt>Complete, late included</dt>
            <dd>{percent(total.completenessSlo.completedRatio)}</dd>
          </div>
          <div>
            <dt>Nights due</dt>
            <dd>{total.completenessSlo.nightsDue}</dd>
          </div>
          <div>
            <dt>Recovered late</dt>
            <dd>{total.completenessSlo.completedLate}</dd>
          </div>
          <div>
            <dt>Never completed</dt>
            <dd>{total.completenessSlo.missing}</dd>
          </div>
          <div>
            <dt>Not yet due</dt>
            <dd>{total.completenessSlo.pending}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

/**
 * The caller's tenant: its settings (admins change them), its usage of the API (admins) and
 * the completeness of its nights (admins and analysts).
 */
export function TenantPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const zone = me.data?.tenant?.defaultTimezone ?? 'UTC';
  const role = me.data?.role;
  return (
    <>
      <h1>Tenant</h1>
      <Settings />
      {(role === 'admin' || role === 'analyst') && <Completeness zone={zone} />}
      {role === 'admin' && <Usage zone={zone} />}
    </>
  );
}
