CREATE TABLE "gateway"."export_jobs" (
	"export_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text DEFAULT 'research' NOT NULL,
	"requested_by" text NOT NULL,
	"request" jsonb NOT NULL,
	"min_group_size" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"progress" jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "export_jobs_status_check" CHECK ("status" IN ('pending', 'running', 'complete', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "export_jobs_tenant_id_created_at_idx" ON "gateway"."export_jobs" ("tenant_id","created_at");
