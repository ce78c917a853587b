CREATE TABLE "invoice" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"subscription_id" text,
	"number" text,
	"status" text,
	"currency" text NOT NULL,
	"amount_due" integer NOT NULL,
	"amount_paid" integer NOT NULL,
	"total" integer NOT NULL,
	"hosted_invoice_url" text,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_customer" ADD COLUMN "synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_event" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "stripe_event" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_event" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "stripe_event" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_user_created_idx" ON "invoice" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_customer_idx" ON "invoice" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "stripe_event_pending_idx" ON "stripe_event" USING btree ("next_attempt_at") WHERE "stripe_event"."processed_at" is null;