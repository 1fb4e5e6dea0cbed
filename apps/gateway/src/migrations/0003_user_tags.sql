ALTER TABLE "gateway"."app_users" ADD COLUMN "tags" text[] DEFAULT '{}' NOT NULL;
