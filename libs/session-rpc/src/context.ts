/**
 * Per-request context: the caller its service token proved (session-service refuses a call
 * without one before the context exists). The service itself comes with the router.
 */
export interface SessionRpcContext {
  caller?: string;
}
