ALTER TABLE "gateway"."tenants" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;
--> statement-breakpoint
ALTER TABLE "gateway"."tenants" ADD COLUMN "status_reason" text;
--> statement-breakpoint
ALTER TABLE "gateway"."tenants" ADD CONSTRAINT "tenants_status_check" CHECK ("status" IN ('active', 'disabled', 'deleting'));
--> statement-breakpoint
CREATE TABLE "gateway"."org_settings" (
	"tenant_id" text NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"changed_by_kind" text NOT NULL,
	"changed_by_id" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_settings_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
CREATE TABLE "gateway"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" text,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"outcome" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE INDEX "audit_log_tenant_id_id_idx" ON "gateway"."audit_log" ("tenant_id","id");
--> statement-breakpoint
CREATE INDEX "audit_log_action_id_idx" ON "gateway"."audit_log" ("action","id");
--> statement-breakpoint
CREATE FUNCTION "gateway"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'gateway.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "gateway"."audit_log" FOR EACH ROW EXECUTE FUNCTION "gateway"."audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "gateway"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "gateway"."audit_log_append_only"();
