import { createClient, gatewayErrorInfo } from '@sleep/api-client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { TRPCProvider } from './trpc';

/** Errors worth no retry: the answer will not change by asking again. */
const FINAL = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

/** The gateway serves the console, so the API is on the same origin. */
export function ConsoleApi({ children }: { children: ReactNode }) {
  const { token, signOut } = useAuth();
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            refetchOnWindowFocus: false,
            retry: (failures, error) => {
              const code = gatewayErrorInfo(error)?.code;
              if (code === 'UNAUTHORIZED') signOut('Your token was refused or has expired.');
              return !(code && FINAL.has(code)) && failures < 2;
            },
          },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createClient({ url: window.location.origin, getToken: () => token.current }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
