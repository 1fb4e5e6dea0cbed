CREATE TABLE "analytics"."deleted_tenants" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
