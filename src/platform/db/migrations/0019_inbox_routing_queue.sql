CREATE TABLE "inbox_routing_queue" (
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_routing_queue_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE INDEX "inbox_routing_queue_age_idx" ON "inbox_routing_queue" USING btree ("workspace_id","created_at");