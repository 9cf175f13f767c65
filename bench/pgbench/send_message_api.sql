-- send_message through the API: one direct message between two random active sessions.
\set f random(1, :nid)
\set t random(1, :nid)
SELECT claude.send_message(from_session_id => bench.uid(2, :f), to_session_id => bench.uid(2, :t),
                           subject => 'bench subject', body => 'bench body');
