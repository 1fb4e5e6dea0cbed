import { Global, Module } from '@nestjs/common';
import { TenantKeyDirectory } from './tenant-key-directory';
import { TenantKeysConsumer } from './tenant-keys.consumer';

/** The tenants' webhook keys from `platform.tenants.v1`, for the webhook route's key registry. */
@Global()
@Module({
  providers: [
    { provide: TenantKeyDirectory, useFactory: () => new TenantKeyDirectory() },
    TenantKeysConsumer,
  ],
  exports: [TenantKeyDirectory],
})
export class TenantKeysModule {}
