
      import type { RouterOutputs } from '@sleep/api-client';
      import { useQuery } from '@tanstack/react-query';
      import { useTRPC } from '../api/trpc';
      import { StatList } from '../pages/night.page';

      type Night = RouterOutputs['sessions']['get'];
      // A procedure whose output lost a field: stat renamed to stats.
      type ChangedNight = Omit<Night, 'stat'> & { stats: Night['stat'] };

      export function Right({ night }: { night: Night }) {
        const trpc = useTRPC();
        const users = useQuery(trpc.users.list.queryOptions({ limit: 10 }));
        return <p>{users.data?.users[0]?.appUserId}<StatList night={night} /></p>;
      }

      export function WrongOutput({ night }: { night: ChangedNight }) {
        return <StatList night={night} />; // wrong
      }

      export function WrongField() {
        const trpc = useTRPC();
        const users = useQuery(trpc.users.list.queryOptions({ limit: 10 }));
        return <p>{users.data?.users[0]?.userName}</p>; // wrong
      }

      export function WrongInput() {
        const trpc = useTRPC();
        useQuery(trpc.sessions.list.queryOptions({ appUserId: 'a', limit: 'ten' })); // wrong
        return null;
      }
    