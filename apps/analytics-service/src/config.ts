import { baseEnvSchema } from '@sleep/service-kit';

export const envSchema = baseEnvSchema(3003);
export type AppConfig = ReturnType<typeof envSchema.parse>;
