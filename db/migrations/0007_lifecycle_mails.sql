CREATE TABLE "lifecycle_mail" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lifecycle_mail_kind_subject_pk" PRIMARY KEY("kind","subject")
);
--> statement-breakpoint
ALTER TABLE "lifecycle_mail" ADD CONSTRAINT "lifecycle_mail_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lifecycle_mail_user_idx" ON "lifecycle_mail" USING btree ("user_id");--> statement-breakpoint
-- Users who subscribed before lifecycle mails existed have had their first payment: no welcome for them now.
INSERT INTO "lifecycle_mail" ("kind", "subject", "user_id") SELECT DISTINCT 'welcome', "user_id", "user_id" FROM "subscription" ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Nor a notice for subscriptions that had already ended.
INSERT INTO "lifecycle_mail" ("kind", "subject", "user_id") SELECT 'access_ended', "id", "user_id" FROM "subscription" WHERE "status" IN ('canceled', 'unpaid', 'incomplete_expired', 'paused') ON CONFLICT DO NOTHING;
