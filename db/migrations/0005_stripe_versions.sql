ALTER TABLE "entitlement_summary" ADD COLUMN "read_ticket" bigint;--> statement-breakpoint
ALTER TABLE "entitlement_summary" ADD COLUMN "as_of_min" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "entitlement_summary" ADD COLUMN "as_of_max" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD COLUMN "read_ticket" bigint;--> statement-breakpoint
ALTER TABLE "invoice" ADD COLUMN "as_of_min" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice" ADD COLUMN "as_of_max" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription" ADD COLUMN "own_payment_method_id" text;--> statement-breakpoint
ALTER TABLE "subscription" ADD COLUMN "read_ticket" bigint;--> statement-breakpoint
ALTER TABLE "subscription" ADD COLUMN "as_of_min" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription" ADD COLUMN "as_of_max" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Rows synced before versions were kept count as an old full read: any newer read replaces them, and an event's object replaces them only when clearly newer (an hour of margin for Stripe's clock against ours), else the event takes a read.
UPDATE "subscription" SET "read_ticket" = 0, "as_of_max" = extract(epoch from "synced_at")::bigint + 3600;--> statement-breakpoint
UPDATE "entitlement_summary" SET "read_ticket" = 0, "as_of_max" = extract(epoch from "synced_at")::bigint + 3600;
