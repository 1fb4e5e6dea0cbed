/**
 * Which deliveries of one endpoint must arrive in the feed's order. A user's nights change in
 * sequence (progressed… completed, or deleted) and the user's own deletion ends them: all of these
 * share the user's ordering key, so none overtakes an earlier one, and a receiver never sees a
 * night complete before its progress or come back after `user.deleted`. Reports and insights are
 * created once and never change: they go as soon as they can, beside any blocked user.
 */
export function orderingKeyOf(change: { type: string; userId: string }): string | null {
  if (change.type.startsWith('session.') || change.type === 'user.deleted')
    return `user:${change.userId}`;
  return null;
}
