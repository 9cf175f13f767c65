-- Private helper: the evidence target of apply_knowledge's confidence formula.
CREATE OR REPLACE FUNCTION claude._knowledge_confidence_target(p_applied integer, p_failed integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT least(10, greatest(1, round(10 * ((p_applied - p_failed) + 2)::numeric / (p_applied + 4))::integer));
$$;
COMMENT ON FUNCTION claude._knowledge_confidence_target(integer, integer) IS 'Private: clamp(round(10 * (successes + 2) / (applications + 4)), 1, 10), the Laplace-smoothed success rate on the 1..10 scale.';
REVOKE ALL ON FUNCTION claude._knowledge_confidence_target(integer, integer) FROM PUBLIC;
