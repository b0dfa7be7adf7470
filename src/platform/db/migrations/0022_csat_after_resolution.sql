CREATE TABLE "conversation_csat" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL,
	"customer_id" uuid,
	"survey_id" uuid,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"delivery" text,
	"invitation_id" uuid,
	"hidden" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"sent_at" timestamp with time zone,
	"response_id" uuid,
	"score" integer,
	"scale_min" integer,
	"scale_max" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_csat_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "inbox_settings" ADD COLUMN "csat_after_resolution" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_csat_resolution_key" ON "conversation_csat" USING btree ("workspace_id","conversation_id","resolved_at");--> statement-breakpoint
CREATE INDEX "conversation_csat_customer_idx" ON "conversation_csat" USING btree ("workspace_id","customer_id","sent_at");