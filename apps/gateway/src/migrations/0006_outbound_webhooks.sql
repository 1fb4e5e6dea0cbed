CREATE TABLE "gateway"."webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] NOT NULL,
	"status" text DEFAULT 'enabled' NOT NULL,
	"disabled_reason" text,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"feed_cursor" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_status_check" CHECK ("status" IN ('enabled', 'disabled')),
	CONSTRAINT "webhook_endpoints_disabled_reason_check" CHECK ("disabled_reason" IN ('manual', 'failing'))
);
--> statement-breakpoint
CREATE INDEX "webhook_endpoints_tenant_id_idx" ON "gateway"."webhook_endpoints" ("tenant_id");
--> statement-breakpoint
CREATE TABLE "gateway"."webhook_deliveries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL UNIQUE,
	"tenant_id" text NOT NULL,
	"endpoint_id" text NOT NULL REFERENCES "gateway"."webhook_endpoints"("id") ON DELETE CASCADE,
	"change_cursor" text NOT NULL,
	"change_type" text NOT NULL,
	"ordering_key" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"first_due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')),
	CONSTRAINT "webhook_deliveries_endpoint_change_unique" UNIQUE ("endpoint_id", "change_cursor")
);
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "gateway"."webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_ordering_idx" ON "gateway"."webhook_deliveries" ("endpoint_id", "ordering_key", "seq") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_seq_idx" ON "gateway"."webhook_deliveries" ("endpoint_id", "seq");
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_occurred_idx" ON "gateway"."webhook_deliveries" ("endpoint_id", "occurred_at");
--> statement-breakpoint
CREATE TABLE "gateway"."webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_seq" bigint NOT NULL REFERENCES "gateway"."webhook_deliveries"("seq") ON DELETE CASCADE,
	"at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_seq_idx" ON "gateway"."webhook_attempts" ("delivery_seq", "id");
