CREATE TABLE "text_analyses" (
	"workspace_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"text" text NOT NULL,
	"language" text NOT NULL,
	"sentiment" text NOT NULL,
	"score" real NOT NULL,
	"themes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_feature_request" boolean DEFAULT false NOT NULL,
	"rating_scale" text,
	"rating" integer,
	"corrected_sentiment" text,
	"corrected_themes" jsonb,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"analysed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_analyses_workspace_id_source_source_id_pk" PRIMARY KEY("workspace_id","source","source_id")
);
--> statement-breakpoint
CREATE TABLE "text_examples" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"language" text NOT NULL,
	"text" text NOT NULL,
	"sentiment" text NOT NULL,
	"origin" text NOT NULL,
	"source" text,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_examples_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "text_models" (
	"workspace_id" uuid NOT NULL,
	"language" text NOT NULL,
	"classes" jsonb NOT NULL,
	"weights" "bytea" NOT NULL,
	"examples" integer NOT NULL,
	"accuracy" real NOT NULL,
	"baseline_accuracy" real NOT NULL,
	"active" boolean NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_models_workspace_id_language_pk" PRIMARY KEY("workspace_id","language")
);
--> statement-breakpoint
CREATE INDEX "text_analyses_time_idx" ON "text_analyses" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
CREATE INDEX "text_examples_language_idx" ON "text_examples" USING btree ("workspace_id","language");--> statement-breakpoint
CREATE INDEX "text_examples_source_idx" ON "text_examples" USING btree ("workspace_id","source","source_id");