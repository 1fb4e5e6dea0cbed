export { freePort } from '@sleep/embedded-pg';
