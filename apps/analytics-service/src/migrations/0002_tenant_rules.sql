ALTER TABLE "analytics"."tenant_settings" ADD COLUMN "sleep_day_rule" text;--> statement-breakpoint
ALTER TABLE "analytics"."tenant_settings" ADD COLUMN "zone_override" text;--> statement-breakpoint
ALTER TABLE "analytics"."tenant_settings" ADD COLUMN "free_days" smallint[];
