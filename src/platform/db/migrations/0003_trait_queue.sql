CREATE TABLE "customer_trait_queue" (
	"workspace_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_trait_queue_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
