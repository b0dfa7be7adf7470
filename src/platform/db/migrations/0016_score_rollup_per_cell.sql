ALTER TABLE "analytics_score_days" DROP COLUMN "score";--> statement-breakpoint
ALTER TABLE "analytics_score_days" DROP COLUMN "answers";--> statement-breakpoint
-- Rollups built with one row per score are rebuilt in the new shape on their next read.
DELETE FROM "analytics_score_days";--> statement-breakpoint
DELETE FROM "analytics_score_rollups";
