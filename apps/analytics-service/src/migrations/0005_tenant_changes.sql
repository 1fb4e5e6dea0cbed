CREATE TABLE "analytics"."deleted_tenants" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics"."tenant_settings" ADD COLUMN "recompute_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics"."tenant_settings" ADD COLUMN "recomputed_at" timestamp with time zone;
