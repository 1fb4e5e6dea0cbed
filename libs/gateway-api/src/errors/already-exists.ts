/** Thrown by directories when a tenant or app user already exists; handlers answer CONFLICT. */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
}
