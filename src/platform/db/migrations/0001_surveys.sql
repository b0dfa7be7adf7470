CREATE TABLE "survey_responses" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"survey_version" integer NOT NULL,
	"status" text NOT NULL,
	"answers" jsonb NOT NULL,
	"hidden" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"language" text NOT NULL,
	"touchpoint" text NOT NULL,
	"channel" text NOT NULL,
	"team" text,
	"respondent" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"customer_id" uuid,
	"invitation_id" text,
	"device_key" text,
	"secret_hash" text NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "survey_responses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_versions_workspace_id_survey_id_version_pk" PRIMARY KEY("workspace_id","survey_id","version")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"touchpoint" text NOT NULL,
	"channel" text NOT NULL,
	"team" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"definition" jsonb NOT NULL,
	"template_key" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "surveys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("workspace_id","survey_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_invitation_key" ON "survey_responses" USING btree ("workspace_id","survey_id","invitation_id") WHERE invitation_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_device_key" ON "survey_responses" USING btree ("workspace_id","survey_id","device_key") WHERE device_key is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_unsynced_idx" ON "survey_responses" USING btree ("workspace_id","created_at") WHERE synced_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_slug_key" ON "surveys" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "surveys_id_idx" ON "surveys" USING btree ("id");