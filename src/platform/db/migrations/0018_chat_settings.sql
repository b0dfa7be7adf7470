CREATE TABLE "chat_settings" (
	"workspace_id" uuid NOT NULL,
	"inbox_id" uuid NOT NULL,
	"color" text DEFAULT '#1f6feb' NOT NULL,
	"greetings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"business_hours_only" boolean DEFAULT true NOT NULL,
	"transcript_on_resolve" boolean DEFAULT true NOT NULL,
	"require_identity_hash" boolean DEFAULT false NOT NULL,
	"identity_secret" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_settings_workspace_id_inbox_id_pk" PRIMARY KEY("workspace_id","inbox_id")
);
