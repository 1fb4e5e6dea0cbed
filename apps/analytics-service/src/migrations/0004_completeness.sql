ALTER TABLE "analytics"."session_starts" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics"."session_starts" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics"."session_starts" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "session_starts_due_idx" ON "analytics"."session_starts" USING btree ("due_at");--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ADD COLUMN "completed_on_time" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ADD COLUMN "completed_late" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ADD COLUMN "open" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics"."org_user_days" ADD COLUMN "open_due_at" timestamp with time zone;
