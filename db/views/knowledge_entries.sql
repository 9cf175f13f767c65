-- Mission Control Web: the knowledge page, with the text of every entry.
CREATE OR REPLACE VIEW claude.knowledge_entries AS
SELECT k.knowledge_id, k.title, k.description, k.code_example, k.knowledge_type, k.knowledge_category,
       k.applies_to_projects, k.applies_to_platforms, k.confidence_level, k.times_applied, k.times_failed,
       round((k.times_applied - k.times_failed)::numeric / nullif(k.times_applied, 0), 4) AS success_rate,
       k.related_knowledge, k.learned_by_identity_id, i.identity_name AS learned_by,
       k.created_at, k.updated_at, k.last_applied_at
  FROM claude.knowledge k
  LEFT JOIN claude.identities i ON i.identity_id = k.learned_by_identity_id;
COMMENT ON VIEW claude.knowledge_entries IS 'Every knowledge entry with its text (description, code example), for Mission Control Web. Ranked full-text search: claude.search_knowledge, which claude_reader may call.';
COMMENT ON COLUMN claude.knowledge_entries.knowledge_id IS 'Primary key';
COMMENT ON COLUMN claude.knowledge_entries.title IS 'Short title';
COMMENT ON COLUMN claude.knowledge_entries.description IS 'What was learned';
COMMENT ON COLUMN claude.knowledge_entries.code_example IS 'Example code, if any';
COMMENT ON COLUMN claude.knowledge_entries.knowledge_type IS 'One of claude._knowledge_types()';
COMMENT ON COLUMN claude.knowledge_entries.knowledge_category IS 'Free category';
COMMENT ON COLUMN claude.knowledge_entries.applies_to_projects IS 'Projects it applies to (empty: all)';
COMMENT ON COLUMN claude.knowledge_entries.applies_to_platforms IS 'Platforms it applies to (empty: all)';
COMMENT ON COLUMN claude.knowledge_entries.confidence_level IS 'Confidence 1..10, recalculated from the applications';
COMMENT ON COLUMN claude.knowledge_entries.times_applied IS 'How often it was applied';
COMMENT ON COLUMN claude.knowledge_entries.times_failed IS 'How often applying it failed';
COMMENT ON COLUMN claude.knowledge_entries.success_rate IS 'Share of applications that succeeded, 0..1 (NULL before the first)';
COMMENT ON COLUMN claude.knowledge_entries.related_knowledge IS 'Ids of related entries';
COMMENT ON COLUMN claude.knowledge_entries.learned_by_identity_id IS 'Identity that recorded it';
COMMENT ON COLUMN claude.knowledge_entries.learned_by IS 'Name of that identity';
COMMENT ON COLUMN claude.knowledge_entries.created_at IS 'When it was recorded';
COMMENT ON COLUMN claude.knowledge_entries.updated_at IS 'Last change';
COMMENT ON COLUMN claude.knowledge_entries.last_applied_at IS 'Last application';
