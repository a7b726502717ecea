CREATE TABLE "deadline_reminders" (
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"due_on" date NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deadline_reminders_object_type_object_id_stage_due_on_pk" PRIMARY KEY("object_type","object_id","stage","due_on")
);
--> statement-breakpoint
-- The deadline reminder job's queue (pg-boss, see 0026): one run at a time, retried three times with backoff.
SELECT pgboss.create_queue('deadline_reminders', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}');
