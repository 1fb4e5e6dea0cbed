import type { ChangeType } from '@sleep/contracts';
import type { Principal } from '../../auth/principal';
import type { ChangeFilter } from '../../ports/change-ledger.port';

/** Members see their own user's changes; analysts and admins every user's of their tenant. */
export function visibleChanges(principal: Principal, types?: readonly ChangeType[]): ChangeFilter {
  return {
    ...(principal.role === 'member' && { appUserId: principal.appUserId }),
    ...(types && { types }),
  };
}
