// kafkajs fixes every kafkajs user of the workspace applies; kafkajs is no longer released.
export { applyKafkajsTimerFix } from './kafkajs-timer-fix';
