import { baseEnvSchema } from '@sleep/service-kit';

export const envSchema = baseEnvSchema(3001);
export type AppConfig = ReturnType<typeof envSchema.parse>;
