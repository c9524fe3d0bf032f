-- A plain-words overview of each plan (PlanService), and whether the
-- language model wrote it.
ALTER TABLE plans ADD COLUMN summary text NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN summary_by_model boolean NOT NULL DEFAULT false;
