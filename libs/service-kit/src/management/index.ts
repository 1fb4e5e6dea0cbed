export {
  ManagementEndpoints,
  READINESS_CACHE_MS,
  type ManagementAnswer,
  type ManagementHandler,
} from './management-endpoints';
export { ManagementServer } from './management-server';
export { serveManagement } from './serve-management';
