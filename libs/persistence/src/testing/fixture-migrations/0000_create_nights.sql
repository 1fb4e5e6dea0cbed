CREATE SCHEMA "demo";
--> statement-breakpoint
CREATE TABLE "demo"."nights" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"sleep_minutes" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "nights_session_id_key" ON "demo"."nights" USING btree ("session_id");