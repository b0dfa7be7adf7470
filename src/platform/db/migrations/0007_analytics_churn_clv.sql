CREATE TABLE "analytics_churn_models" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"label" jsonb NOT NULL,
	"auc" real NOT NULL,
	"brier" real NOT NULL,
	"n" integer NOT NULL,
	"positives" integer NOT NULL,
	"held_out" integer NOT NULL,
	"intercept" real NOT NULL,
	"features" jsonb NOT NULL,
	"calibration" jsonb NOT NULL,
	"trained_by" text NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"score_total" integer,
	"scored_count" integer DEFAULT 0 NOT NULL,
	"scored_at" timestamp with time zone,
	CONSTRAINT "analytics_churn_models_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "analytics_clv_fits" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"parameters" jsonb NOT NULL,
	"customers" integer NOT NULL,
	"repeat_customers" integer NOT NULL,
	"horizon_weeks" integer NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_clv_predictions" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"expected_purchases" real NOT NULL,
	"probability_alive" real NOT NULL,
	"expected_value" bigint NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_clv_predictions_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "churn_risk" real;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "churn_factors" jsonb;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "churn_scored_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "analytics_churn_models_trained_idx" ON "analytics_churn_models" USING btree ("workspace_id","trained_at");--> statement-breakpoint
CREATE INDEX "customers_churn_risk_idx" ON "customers" USING btree ("workspace_id","churn_risk") WHERE "customers"."churn_risk" is not null;