CREATE TABLE "gateway"."app_users" (
	"tenant_id" text NOT NULL,
	"app_user_id" text NOT NULL,
	"asleep_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"announced_at" timestamp with time zone,
	CONSTRAINT "app_users_tenant_id_app_user_id_pk" PRIMARY KEY("tenant_id","app_user_id"),
	CONSTRAINT "app_users_asleep_user_id_unique" UNIQUE("asleep_user_id")
);
--> statement-breakpoint
CREATE TABLE "gateway"."tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"default_timezone" text NOT NULL,
	"api_key_sealed" jsonb NOT NULL,
	"api_key_sha256" text NOT NULL,
	"previous_key_sha256" text,
	"previous_key_valid_until" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"key_rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway"."usage_daily" (
	"tenant_id" text NOT NULL,
	"day" date NOT NULL,
	"procedure" text NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"total_ms" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_daily_tenant_id_day_procedure_pk" PRIMARY KEY("tenant_id","day","procedure")
);
--> statement-breakpoint
ALTER TABLE "gateway"."app_users" ADD CONSTRAINT "app_users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "gateway"."tenants"("id") ON DELETE no action ON UPDATE no action;