ALTER TABLE "analytics_score_days" ADD COLUMN "n0" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n6" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n8" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n9" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_score_days" ADD COLUMN "n10" integer DEFAULT 0 NOT NULL;