CREATE TABLE "survey_distribution_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"min_days_between_surveys" integer NOT NULL,
	"skip_answered_within_days" integer NOT NULL,
	"send_rate_per_minute" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_invitation_waves" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"audience" jsonb,
	"language" text,
	"hidden" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"trigger_id" uuid,
	"status" text NOT NULL,
	"scheduled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_invitation_waves_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"customer_id" uuid,
	"email" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"name" text,
	"language" text,
	"hidden" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"reason" text,
	"sent_language" text,
	"outbox_id" uuid,
	"sent_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"response_id" uuid,
	"is_finished" boolean DEFAULT false NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"send_after" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_invitations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_triggers" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"name" text NOT NULL,
	"event_type" text NOT NULL,
	"delay_seconds" integer NOT NULL,
	"event_conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"profile_conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"wave_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_triggers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_unsubscribes" (
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"customer_id" uuid,
	"invitation_id" uuid,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_unsubscribes_workspace_id_email_pk" PRIMARY KEY("workspace_id","email")
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "headers" jsonb;--> statement-breakpoint
CREATE INDEX "survey_invitation_waves_survey_idx" ON "survey_invitation_waves" USING btree ("workspace_id","survey_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_token_key" ON "survey_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_wave_key" ON "survey_invitations" USING btree ("workspace_id","wave_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "survey_invitations_survey_idx" ON "survey_invitations" USING btree ("workspace_id","survey_id","id");--> statement-breakpoint
CREATE INDEX "survey_invitations_wave_status_idx" ON "survey_invitations" USING btree ("workspace_id","wave_id","status");--> statement-breakpoint
CREATE INDEX "survey_invitations_email_sent_idx" ON "survey_invitations" USING btree ("workspace_id","email","sent_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_outbox_idx" ON "survey_invitations" USING btree ("workspace_id","outbox_id");--> statement-breakpoint
CREATE INDEX "survey_invitations_reminder_idx" ON "survey_invitations" USING btree ("workspace_id","sent_at") WHERE responded_at is null and status in ('sent', 'kept');--> statement-breakpoint
CREATE INDEX "survey_triggers_event_idx" ON "survey_triggers" USING btree ("workspace_id","event_type");