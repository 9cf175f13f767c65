ALTER TABLE claude.activity_feed ALTER COLUMN created_at SET DEFAULT now();
