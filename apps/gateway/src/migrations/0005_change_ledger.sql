CREATE TABLE "gateway"."change_sequences" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"epoch" text NOT NULL,
	"next_seq" bigint DEFAULT 1 NOT NULL,
	"swept_through" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway"."change_ledger" (
	"tenant_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"app_user_id" text NOT NULL,
	"asleep_user_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	CONSTRAINT "change_ledger_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq"),
	CONSTRAINT "change_ledger_tenant_id_dedupe_key_unique" UNIQUE("tenant_id","dedupe_key")
);
--> statement-breakpoint
CREATE INDEX "change_ledger_tenant_id_app_user_id_seq_idx" ON "gateway"."change_ledger" ("tenant_id","app_user_id","seq");
--> statement-breakpoint
CREATE INDEX "change_ledger_asleep_user_id_idx" ON "gateway"."change_ledger" ("asleep_user_id");
--> statement-breakpoint
CREATE INDEX "change_ledger_recorded_at_idx" ON "gateway"."change_ledger" ("recorded_at");
