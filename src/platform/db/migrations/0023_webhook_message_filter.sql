ALTER TABLE "webhook_endpoints" ADD COLUMN "message_direction" text;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "inbox_ids" uuid[] DEFAULT '{}' NOT NULL;