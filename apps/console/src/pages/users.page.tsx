import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTRPC } from '../api/trpc';
import { ErrorNote, Loading } from '../layout/query-state';

function CreateUser() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() }),
    }),
  );
  const [appUserId, setAppUserId] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        appUserId: appUserId.trim(),
        metadata: birthYear ? { birth_year: Number(birthYear) } : null,
      },
      { onSuccess: () => (setAppUserId(''), setBirthYear('')) },
    );
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby="create-heading">
      <h2 id="create-heading">Create a user</h2>
      <div className="field">
        <label htmlFor="new-user">App user id</label>
        <input
          id="new-user"
          required
          value={appUserId}
          onChange={(e) => setAppUserId(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="birth-year">Birth year (optional)</label>
        <input
          id="birth-year"
          inputMode="numeric"
          pattern="[0-9]{4}"
          value={birthYear}
          onChange={(e) => setBirthYear(e.target.value)}
        />
      </div>
      <button type="submit" disabled={create.isPending}>
        Create
      </button>
      {create.isError && <ErrorNote error={create.error} />}
      {create.isSuccess && <p role="status">Created {create.data.appUserId}.</p>}
    </form>
  );
}

function DeleteDialog({ appUserId, onClose }: { appUserId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.users.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
        onClose();
      },
    }),
  );
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <dialog
      ref={(element) => {
        dialog.current = element;
        if (element && !element.open) element.showModal();
      }}
      onClose={onClose}
      aria-labelledby="delete-heading"
    >
      <h2 id="delete-heading">Delete {appUserId}?</h2>
      <p>Their Asleep user and every night stored for them are deleted. This cannot be undone.</p>
      {remove.isError && <ErrorNote error={remove.error} />}
      <div className="actions">
        <button type="button" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ appUserId })}
        >
          Delete {appUserId}
        </button>
      </div>
    </dialog>
  );
}

/** The tenant's app users: search, create, delete. */
export function UsersPage() {
  const trpc = useTRPC();
  const users = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions(
      { limit: 100 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const [search, setSearch] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const all = users.data?.pages.flatMap((page) => page.users) ?? [];
  const shown = all.filter((user) =>
    `${user.appUserId} ${user.asleepUserId}`.toLowerCase().includes(search.trim().toLowerCase()),
  );
  return (
    <>
      <h1>Users</h1>
      <CreateUser />
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">App users</h2>
        <div className="field">
          <label htmlFor="search">Search by id</label>
          <input
            id="search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        {users.isPending && <Loading what="users" />}
        {users.isError && <ErrorNote error={users.error} />}
        {users.data && (
          <div className="table-scroll">
            <table data-testid="users">
              <caption>
                {shown.length} of {all.length}
                {users.hasNextPage ? '+' : ''} users
              </caption>
              <thead>
                <tr>
                  <th scope="col">App user</th>
                  <th scope="col">Asleep user</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((user) => (
                  <tr key={user.appUserId} data-user={user.appUserId}>
                    <th scope="row">
                      <Link href={`/users/${encodeURIComponent(user.appUserId)}`}>
                        {user.appUserId}
                      </Link>
                    </th>
                    <td className="mono">{user.asleepUserId}</td>
                    <td>{user.createdAt.slice(0, 10)}</td>
                    <td>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Delete ${user.appUserId}`}
                        onClick={() => setDeleting(user.appUserId)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {users.hasNextPage && (
          <button type="button" onClick={() => users.fetchNextPage()}>
            More users
          </button>
        )}
      </section>
      {deleting && <DeleteDialog appUserId={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}
