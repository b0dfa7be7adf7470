CREATE TABLE "survey_limit_counts" (
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_limit_counts_workspace_id_survey_id_pk" PRIMARY KEY("workspace_id","survey_id")
);
