-- related_knowledge is symmetric, however it is written: adding B to A's list
-- adds A to B's, removing it removes it, deleting an entry removes it from
-- every list.  A listed id that does not exist fails with 23503.
CREATE OR REPLACE FUNCTION claude.tg_knowledge__mirror_related()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_added uuid[];
    v_removed uuid[];
    v_missing uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE claude.knowledge k SET related_knowledge = array_remove(k.related_knowledge, OLD.knowledge_id)
         WHERE OLD.knowledge_id = ANY (k.related_knowledge);
        RETURN NULL;
    END IF;
    v_added := ARRAY(SELECT unnest(NEW.related_knowledge)
                     EXCEPT SELECT unnest(CASE WHEN TG_OP = 'UPDATE' THEN OLD.related_knowledge END));
    v_removed := CASE WHEN TG_OP = 'UPDATE'
                      THEN ARRAY(SELECT unnest(OLD.related_knowledge) EXCEPT SELECT unnest(NEW.related_knowledge))
                      ELSE '{}'::uuid[] END;
    SELECT a.id INTO v_missing FROM unnest(v_added) a(id)
     WHERE NOT EXISTS (SELECT 1 FROM claude.knowledge k WHERE k.knowledge_id = a.id) LIMIT 1;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = format('knowledge %s lists unknown related knowledge %s', NEW.knowledge_id, v_missing),
            HINT = 'Link existing entries with link_knowledge.';
    END IF;
    UPDATE claude.knowledge k SET related_knowledge = array_append(k.related_knowledge, NEW.knowledge_id)
     WHERE k.knowledge_id = ANY (v_added) AND NOT NEW.knowledge_id = ANY (k.related_knowledge);
    UPDATE claude.knowledge k SET related_knowledge = array_remove(k.related_knowledge, NEW.knowledge_id)
     WHERE k.knowledge_id = ANY (v_removed) AND NEW.knowledge_id = ANY (k.related_knowledge);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_knowledge__mirror_related() IS 'Trigger: keep related_knowledge symmetric (mirror additions and removals, drop a deleted entry from every list); 23503 for an unknown id.';
REVOKE ALL ON FUNCTION claude.tg_knowledge__mirror_related() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _500_mirror_related
    AFTER INSERT OR UPDATE OF related_knowledge OR DELETE ON claude.knowledge
    FOR EACH ROW EXECUTE FUNCTION claude.tg_knowledge__mirror_related();
