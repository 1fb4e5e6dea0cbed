ALTER TABLE "analytics"."user_profiles" ADD COLUMN "tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics"."reports" ADD COLUMN "sri" double precision GENERATED ALWAYS AS ((body->>'sri')::double precision) STORED;--> statement-breakpoint
CREATE INDEX "reports_tenant_period_idx" ON "analytics"."reports" USING btree ("tenant_id","kind","period_start");--> statement-breakpoint
CREATE TABLE "analytics"."session_starts" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"version" integer NOT NULL,
	"day" date NOT NULL,
	"completed" boolean NOT NULL,
	CONSTRAINT "session_starts_pkey" PRIMARY KEY("tenant_id","user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."org_user_days" (
	"tenant_id" text NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"nights" smallint NOT NULL,
	"started" smallint NOT NULL,
	"completed" smallint NOT NULL,
	"score" smallint,
	"time_in_sleep" integer,
	"efficiency" double precision,
	"latency" integer,
	CONSTRAINT "org_user_days_pkey" PRIMARY KEY("tenant_id","day","user_id")
);
--> statement-breakpoint
CREATE INDEX "org_user_days_user_idx" ON "analytics"."org_user_days" USING btree ("tenant_id","user_id","day");
