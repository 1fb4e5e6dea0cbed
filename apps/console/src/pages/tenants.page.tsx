import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorNote, Loading } from '../layout/query-state';

/** Every tenant of the platform, for its operators (who never see sleep data). */
export function TenantsPage() {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.platform.tenants.list.queryOptions());
  return (
    <>
      <h1>Tenants</h1>
      {tenants.isPending && <Loading what="tenants" />}
      {tenants.isError && <ErrorNote error={tenants.error} />}
      {tenants.data && (
        <div className="table-scroll">
          <table data-testid="tenants">
            <caption>{tenants.data.tenants.length} tenants</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">Default zone</th>
                <th scope="col">Asleep key</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {tenants.data.tenants.map((t) => (
                <tr key={t.id}>
                  <th scope="row" className="mono">
                    {t.id}
                  </th>
                  <td>{t.name}</td>
                  <td>{t.defaultTimezone}</td>
                  <td className="mono">{t.keyFingerprint}</td>
                  <td>{t.createdAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
