CREATE TABLE "analytics_score_days" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"survey_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"touchpoint" text NOT NULL,
	"channel" text NOT NULL,
	"team" text,
	"language" text NOT NULL,
	"score" smallint NOT NULL,
	"answers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_score_rollups" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"watermark" timestamp with time zone NOT NULL,
	"rebuilt_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analytics_score_days_day_idx" ON "analytics_score_days" USING btree ("workspace_id","day","survey_id");--> statement-breakpoint
CREATE INDEX "survey_responses_updated_idx" ON "survey_responses" USING btree ("workspace_id","updated_at");