CREATE TABLE "analytics"."deleted_sessions" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"version" integer NOT NULL,
	CONSTRAINT "deleted_sessions_pkey" PRIMARY KEY("tenant_id","user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."deleted_users" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "deleted_users_pkey" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."insights" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"rule" text NOT NULL,
	"sleep_day" date NOT NULL,
	"body" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."nightly_facts" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"version" integer NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"created_timezone" text,
	"zone" text NOT NULL,
	"peculiarities" text[] DEFAULT '{}' NOT NULL,
	"missing_data_ratio" double precision,
	"stat" jsonb,
	"slept" boolean NOT NULL,
	"sleep_stages" "bytea",
	"start_date" date NOT NULL,
	"sleep_day" date NOT NULL,
	"is_nap" boolean NOT NULL,
	"is_main_sleep" boolean DEFAULT false NOT NULL,
	"score" smallint,
	"score_version" text,
	"score_detail" jsonb,
	CONSTRAINT "nightly_facts_pkey" PRIMARY KEY("tenant_id","user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."reports" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"zone" text NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "reports_pkey" PRIMARY KEY("tenant_id","user_id","kind","period_start")
);
--> statement-breakpoint
CREATE TABLE "analytics"."skipped_nights" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"version" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "skipped_nights_pkey" PRIMARY KEY("tenant_id","user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."tenant_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"score_weights" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."user_profiles" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"birth_year" integer,
	"gender" text,
	CONSTRAINT "user_profiles_pkey" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "insights_user_idx" ON "analytics"."insights" USING btree ("tenant_id","user_id","sleep_day");--> statement-breakpoint
CREATE INDEX "nightly_facts_user_day_idx" ON "analytics"."nightly_facts" USING btree ("tenant_id","user_id","sleep_day");--> statement-breakpoint
CREATE INDEX "nightly_facts_user_start_idx" ON "analytics"."nightly_facts" USING btree ("tenant_id","user_id","start_date");