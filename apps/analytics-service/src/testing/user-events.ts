/** A `sleep.users.v1` envelope of `type` about one user, as the gateway publishes it. */
export function userEvent(tenantId: string, userId: string, type: string, payload: object) {
  return {
    eventId: `${userId}-${type}`,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload,
  };
}
