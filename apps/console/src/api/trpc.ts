import type { AppRouter } from '@sleep/api-client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** tRPC's TanStack Query integration over the platform's own client (see `console-api.tsx`). */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
