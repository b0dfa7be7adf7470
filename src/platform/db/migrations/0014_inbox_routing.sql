CREATE TABLE "conversation_signals" (
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"sentiment" text NOT NULL,
	"score" real NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_signals_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_sla" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"policy_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"first_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"first_response_warned_at" timestamp with time zone,
	"first_response_breached_at" timestamp with time zone,
	"resolution_warned_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	CONSTRAINT "conversation_sla_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_notifications" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid,
	"conversation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"outbox_id" uuid,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_rules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"preset" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_service_hours" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"weekly" jsonb NOT NULL,
	"holidays" text[] DEFAULT '{}'::text[] NOT NULL,
	"warn_before_minutes" integer DEFAULT 60 NOT NULL,
	"auto_acknowledge" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_team_members" (
	"workspace_id" uuid NOT NULL,
	"team" text NOT NULL,
	"user_id" uuid NOT NULL,
	"is_available" boolean DEFAULT true NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"assigned_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "inbox_team_members_workspace_id_team_user_id_pk" PRIMARY KEY("workspace_id","team","user_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_teams" (
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"strategy" text DEFAULT 'round_robin' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_teams_workspace_id_name_pk" PRIMARY KEY("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"priority" text,
	"channel" text,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"business_hours" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "conversation_signals_recent_idx" ON "conversation_signals" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_sla_first_due_idx" ON "conversation_sla" USING btree ("workspace_id","first_response_due_at");--> statement-breakpoint
CREATE INDEX "conversation_sla_resolution_due_idx" ON "conversation_sla" USING btree ("workspace_id","resolution_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_notifications_once" ON "inbox_notifications" USING btree ("workspace_id","conversation_id","kind","target");--> statement-breakpoint
CREATE INDEX "inbox_notifications_user_idx" ON "inbox_notifications" USING btree ("workspace_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "inbox_rules_position_idx" ON "inbox_rules" USING btree ("workspace_id","position");