-- Confidence is earned (see the COMMENT): the evidence target is a
-- Laplace-smoothed success rate -- 2 pseudo-successes and 2 pseudo-failures,
-- so a prior of 50% worth four applications -- scaled to 1..10.  The stored
-- level steps one point toward the target per application and only in the
-- direction of the outcome, so one result moves it little (at most 1), a run
-- moves it a lot, a success never lowers it and a failure never raises it,
-- and the author's initial confidence is where it starts from.
CREATE OR REPLACE FUNCTION claude.apply_knowledge(knowledge_id uuid, was_successful boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.knowledge;
    v_applied integer;
    v_failed integer;
    v_target integer;
    v_confidence integer;
BEGIN
    IF apply_knowledge.was_successful IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'was_successful must be true or false, not NULL',
            HINT = 'Say whether applying the knowledge worked (default true).';
    END IF;
    v := claude._lock_knowledge(apply_knowledge.knowledge_id);
    v_applied := v.times_applied + 1;
    v_failed := v.times_failed + CASE WHEN apply_knowledge.was_successful THEN 0 ELSE 1 END;
    v_target := claude._knowledge_confidence_target(v_applied, v_failed);
    IF apply_knowledge.was_successful THEN
        v_confidence := greatest(v.confidence_level, least(v.confidence_level + 1, v_target));
    ELSE
        v_confidence := least(v.confidence_level, greatest(v.confidence_level - 1, v_target));
    END IF;
    UPDATE claude.knowledge k
       SET times_applied = v_applied,
           times_failed = v_failed,
           last_applied_at = now(),
           confidence_level = v_confidence
     WHERE k.knowledge_id = apply_knowledge.knowledge_id;
END;
$$;
COMMENT ON FUNCTION claude.apply_knowledge(uuid, boolean) IS
'Record that a piece of knowledge was applied, and whether it worked; confidence_level is recalculated.
Parameters:
- knowledge_id: the knowledge entry that was applied (P0002 unknown).
- was_successful: whether it worked (default true); false counts a failure.
times_applied counts every application, times_failed the failed ones; last_applied_at = now().
Confidence formula: target = clamp(round(10 * (successes + 2) / (applications + 4)), 1, 10) (a Laplace-smoothed
success rate with a 50% prior worth four applications); on success confidence = max(c, min(c + 1, target)),
on failure confidence = min(c, max(c - 1, target)). So one outcome moves it by at most one point, a run of
successes raises it toward the success rate (10 needs about 36 successes in a row), a run of failures lowers it,
a success never lowers it and a failure never raises it.
Errors: P0002 unknown knowledge; 22023 was_successful NULL.';
REVOKE ALL ON FUNCTION claude.apply_knowledge(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.apply_knowledge(uuid, boolean) TO claude_agent;
