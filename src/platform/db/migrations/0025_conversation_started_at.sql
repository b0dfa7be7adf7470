ALTER TABLE "conversations" ADD COLUMN "started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Backfill: the first customer message's sentAt, else the earliest message's (internal notes aside), never later than creation.
UPDATE "conversations" c SET "started_at" = least(c."created_at", coalesce((
  SELECT m."sent_at" FROM "inbox_messages" m
  WHERE m."workspace_id" = c."workspace_id" AND m."conversation_id" = c."id" AND NOT m."is_internal"
  ORDER BY (m."direction" <> 'in'), m."sent_at" LIMIT 1
), c."created_at"));--> statement-breakpoint
CREATE INDEX "conversations_started_idx" ON "conversations" USING btree ("workspace_id","started_at");
