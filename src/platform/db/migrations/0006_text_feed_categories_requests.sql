CREATE TABLE "text_categories" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_categories_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "text_request_topics" (
	"workspace_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"notified_at" timestamp with time zone,
	"notified_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "text_request_topics_workspace_id_topic_pk" PRIMARY KEY("workspace_id","topic")
);
--> statement-breakpoint
CREATE TABLE "text_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "text_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "touchpoint" text;--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "key_phrases" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "text_analyses" ADD COLUMN "request_topic" text;--> statement-breakpoint
CREATE INDEX "text_runs_kind_idx" ON "text_runs" USING btree ("workspace_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "text_analyses_request_idx" ON "text_analyses" USING btree ("workspace_id","request_topic");