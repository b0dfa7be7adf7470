CREATE TABLE "survey_response_imports" (
	"workspace_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"row_key" text NOT NULL,
	"response_id" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_response_imports_workspace_id_survey_id_row_key_pk" PRIMARY KEY("workspace_id","survey_id","row_key")
);
