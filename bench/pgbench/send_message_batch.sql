-- The batch path: send_messages, 10 direct messages from one random active
-- session to ten others in one call, one transaction, one notification.
\set f random(1, :nid)
\set t random(1, :nid)
SELECT cardinality(claude.send_messages(from_session_id => bench.uid(2, :f), messages => (
    SELECT jsonb_agg(jsonb_build_object('to_session_id', bench.uid(2, 1 + (:t + g) % :nid),
                                        'subject', 'bench subject', 'body', 'bench body'))
      FROM generate_series(1, 10) g)));
