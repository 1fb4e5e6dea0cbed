CREATE TABLE "sessions"."backfill_jobs" (
	"command_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"date_from" date NOT NULL,
	"date_to" date NOT NULL,
	"timezone" text NOT NULL,
	"status" text NOT NULL,
	"next_offset" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"error" text,
	"requested_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "backfill_jobs_status_check" CHECK ("sessions"."backfill_jobs"."status" in ('PENDING', 'RUNNING', 'DONE', 'FAILED'))
);
--> statement-breakpoint
CREATE TABLE "sessions"."deleted_sessions" (
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deleted_sessions_pkey" PRIMARY KEY("user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "sessions"."deleted_users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"event_id" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions"."sessions" (
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"state" text NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"unexpected_end_time" timestamp with time zone,
	"created_timezone" text,
	"sleep_stages" "bytea",
	"snoring_stages" "bytea",
	"breath_stages" "bytea",
	"windows" integer[] DEFAULT '{}' NOT NULL,
	"peculiarities" text[] DEFAULT '{}' NOT NULL,
	"missing_data_ratio" double precision,
	"stat" jsonb,
	"last_seq_num" integer,
	"version" integer NOT NULL,
	"recovery_due_at" timestamp with time zone,
	"recovery_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "sessions_pkey" PRIMARY KEY("user_id","session_id"),
	CONSTRAINT "sessions_state_check" CHECK ("sessions"."sessions"."state" in ('OPEN', 'CLOSED', 'COMPLETE'))
);
--> statement-breakpoint
CREATE TABLE "sessions"."users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"metadata" jsonb,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions"."sessions" ADD CONSTRAINT "sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "sessions"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backfill_jobs_open_idx" ON "sessions"."backfill_jobs" USING btree ("requested_at") WHERE "sessions"."backfill_jobs"."status" in ('PENDING', 'RUNNING');--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "sessions"."outbox" USING btree ("id") WHERE "sessions"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_pending_key_idx" ON "sessions"."outbox" USING btree ("key","id") WHERE "sessions"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_published_idx" ON "sessions"."outbox" USING btree ("published_at") WHERE "sessions"."outbox"."published_at" is not null;--> statement-breakpoint
CREATE INDEX "sessions_user_start_idx" ON "sessions"."sessions" USING btree ("user_id","start_time","session_id");--> statement-breakpoint
CREATE INDEX "sessions_recovery_due_idx" ON "sessions"."sessions" USING btree ("recovery_due_at") WHERE "sessions"."sessions"."state" <> 'COMPLETE';