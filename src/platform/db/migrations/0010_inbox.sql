CREATE TABLE "conversations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"inbox_id" uuid,
	"customer_id" uuid,
	"kind" text DEFAULT 'message' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"priority" text DEFAULT 'normal' NOT NULL,
	"assignee_id" uuid,
	"team" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"channel" text NOT NULL,
	"language" text,
	"subject" text DEFAULT '' NOT NULL,
	"contact" text,
	"thread_key" text,
	"response_id" uuid,
	"source" jsonb,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_addresses" (
	"local_part" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"inbox_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_attachments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_attachments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_messages" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"inbox_id" uuid,
	"direction" text NOT NULL,
	"is_internal" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"full_text" text NOT NULL,
	"sender" text,
	"sender_user_id" uuid,
	"external_id" text,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"outbox_id" uuid,
	"attachment_count" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_messages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"follow_ups_enabled" boolean DEFAULT true NOT NULL,
	"nps_detractor_max" integer DEFAULT 6 NOT NULL,
	"csat_detractor_max" integer DEFAULT 2 NOT NULL,
	"follow_up_due_hours" integer DEFAULT 24 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inboxes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inboxes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_thread_key" ON "conversations" USING btree ("workspace_id","inbox_id","thread_key");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_response_key" ON "conversations" USING btree ("workspace_id","response_id");--> statement-breakpoint
CREATE INDEX "conversations_inbox_idx" ON "conversations" USING btree ("workspace_id","inbox_id","id");--> statement-breakpoint
CREATE INDEX "conversations_customer_idx" ON "conversations" USING btree ("workspace_id","customer_id","id");--> statement-breakpoint
CREATE INDEX "conversations_status_idx" ON "conversations" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "conversations_assignee_idx" ON "conversations" USING btree ("workspace_id","assignee_id","status");--> statement-breakpoint
CREATE INDEX "inbox_attachments_message_idx" ON "inbox_attachments" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_messages_external_key" ON "inbox_messages" USING btree ("workspace_id","inbox_id","external_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_conversation_idx" ON "inbox_messages" USING btree ("workspace_id","conversation_id","sent_at");