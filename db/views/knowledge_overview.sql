-- Mission Control Web's knowledge page: each entry with its track record.
CREATE OR REPLACE VIEW claude.knowledge_overview AS
SELECT k.knowledge_id,
       k.title,
       k.knowledge_type,
       k.knowledge_category,
       k.confidence_level,
       k.times_applied,
       k.times_failed,
       CASE WHEN k.times_applied > 0
            THEN round((k.times_applied - k.times_failed)::numeric / k.times_applied, 3)
       END AS success_rate,
       k.last_applied_at,
       k.applies_to_projects,
       k.applies_to_platforms,
       cardinality(k.related_knowledge) AS related_count,
       k.learned_by_identity_id,
       k.created_at,
       k.updated_at
  FROM claude.knowledge k;
COMMENT ON VIEW claude.knowledge_overview IS 'Knowledge entries with type, category, confidence, success rate and last application.';
COMMENT ON COLUMN claude.knowledge_overview.success_rate IS '(times_applied - times_failed) / times_applied, 0..1; NULL when never applied';
COMMENT ON COLUMN claude.knowledge_overview.related_count IS 'Number of linked knowledge entries';
COMMENT ON COLUMN claude.knowledge_overview.knowledge_id IS 'Primary key';
COMMENT ON COLUMN claude.knowledge_overview.title IS 'Title';
COMMENT ON COLUMN claude.knowledge_overview.knowledge_type IS 'One of claude._knowledge_types()';
COMMENT ON COLUMN claude.knowledge_overview.knowledge_category IS 'Free category';
COMMENT ON COLUMN claude.knowledge_overview.confidence_level IS 'Confidence 1..10';
COMMENT ON COLUMN claude.knowledge_overview.times_applied IS 'How often applied';
COMMENT ON COLUMN claude.knowledge_overview.times_failed IS 'How often applying it failed';
COMMENT ON COLUMN claude.knowledge_overview.last_applied_at IS 'Last application';
COMMENT ON COLUMN claude.knowledge_overview.applies_to_projects IS 'Projects (empty: all)';
COMMENT ON COLUMN claude.knowledge_overview.applies_to_platforms IS 'Platforms (empty: all)';
COMMENT ON COLUMN claude.knowledge_overview.learned_by_identity_id IS 'Identity that recorded it';
COMMENT ON COLUMN claude.knowledge_overview.created_at IS 'When recorded';
COMMENT ON COLUMN claude.knowledge_overview.updated_at IS 'Last change';
