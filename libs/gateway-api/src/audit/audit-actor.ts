import type { AuditActor } from '@sleep/contracts';
import type { Principal } from '../auth/principal';

/** A caller as the audit log names them (a user's tenant is the entry's tenant). */
export const actorOf = (principal: Principal): AuditActor => ({
  kind: principal.role === 'operator' ? 'operator' : 'user',
  id: principal.appUserId,
});
