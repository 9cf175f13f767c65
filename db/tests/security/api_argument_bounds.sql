-- docs/BOUNDS.md at the API: 22001 naming the parameter past a bound (checked
-- before any other work), 22023 for a required text that is blank in the
-- Unicode sense and for a name with a control or zero-width character; a
-- job's output and error are cut, not refused.  (The same with huge values,
-- as LOGIN roles, and for every text argument of every function: py/tests/test_security_bounds_sweep.py.)
BEGIN;
SELECT plan(44);

SELECT tests.make_identity('ba-a') AS a \gset
SELECT tests.make_session(:'a', 'ba-p') AS s \gset
SELECT tests.make_job(job_name => 'ba-job') AS j \gset

-- blank (Unicode) required texts: 22023
SELECT throws_ok($$SELECT claude.register_identity(identity_name => E'\t\n', platform => 'x', role_description => NULL)$$, '22023', NULL, 'identity_name of tab/newline');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => E'\u200b', platform => 'x', role_description => NULL)$$, '22023', NULL, 'identity_name of a zero-width space');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => E'\u3000', platform => 'x', role_description => NULL)$$, '22023', NULL, 'identity_name of an ideographic space');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'ba-b', platform => E'\u2028', role_description => NULL)$$, '22023', NULL, 'blank platform');
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => E'\t\n', body => 'b')$$, :'s', :'s'), '22023', NULL, 'blank subject');
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => E'\u200b')$$, :'s', :'s'), '22023', NULL, 'blank body');
SELECT throws_ok(format($$SELECT claude.broadcast_to_project(from_session_id => %L, project_name => 'ba-p', subject => 's', body => E'\u3000')$$, :'s'), '22023', NULL, 'blank broadcast body');
SELECT throws_ok($$SELECT claude.create_reminder(title => E'\u200b', check_after => now())$$, '22023', NULL, 'blank reminder title');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'file_exists', check_condition => E'\u200b\t')$$, '22023', NULL, 'blank condition');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'ba-j2', job_type => 'maintenance', command => E'\u3000')$$, '22023', NULL, 'blank command');
SELECT throws_ok($$SELECT claude.record_knowledge(title => E'\u3000', description => 'd', knowledge_type => 'pattern')$$, '22023', NULL, 'blank knowledge title');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => E'\ufeff\u200b', knowledge_type => 'pattern')$$, '22023', NULL, 'blank knowledge description');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'x', activity_type => 'x', title => E'\u200b')$$, '22023', NULL, 'blank activity title');
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => E'\u200b\u3000')$$, :'s'), '22023', NULL, 'blank summary');
SELECT throws_ok(format($$SELECT claude.update_knowledge(knowledge_id => %L, updates => '{"title": "\u3000"}')$$,
                        claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern')),
    '22023', NULL, 'update_knowledge to a blank title');

-- names: no control or zero-width characters, no white space at an end
SELECT throws_ok($$SELECT claude.register_identity(identity_name => E'ba-a\u200b', platform => 'x', role_description => NULL)$$, '22023',
    E'identity_name "ba-a\u200b" contains a control or zero-width character (U+200B at position 5)', 'an identity name spoofing ba-a: named, with the position and code point');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => E'ba\u202ea', platform => 'x', role_description => NULL)$$, '22023', NULL, 'a bidi override in a name');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'ba-a ', platform => 'x', role_description => NULL)$$, '22023', NULL, 'a name ending in white space');
SELECT throws_ok($$SELECT claude.start_session(identity_id => tests.make_identity(), project_name => E'ba\u0007p')$$, '22023', NULL, 'a project name with a control character');
SELECT throws_ok($$SELECT claude.session_startup(identity_id => tests.make_identity(), project_name => E'\u200bba-p')$$, '22023', NULL, 'session_startup: a project name with a zero-width space');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => E'ba\u200djob', job_type => 'maintenance', command => 'true')$$, '22023', NULL, 'a job name with a zero-width joiner');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', applies_to_projects => ARRAY[E'p\u200b'])$$, '22023', NULL, 'a project name in applies_to_projects');
SELECT lives_ok($$SELECT claude.register_identity(identity_name => 'Claude Code ✓', platform => 'claude-code', role_description => NULL)$$, 'a plain name with an inner space and a symbol');

-- bounds: 22001 naming the parameter
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => repeat('b', 65537))$$, :'s', :'s'),
    '22001', NULL, 'a body over 65,536 characters');
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b', metadata => jsonb_build_object('k', repeat('m', 65536)))$$, :'s', :'s'),
    '22001', NULL, 'metadata over 64 KiB');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => NULL, to_session_id => NULL, subject => NULL, body => repeat('b', 65537))$$,
    '22001', NULL, 'the bound is checked before any other work (even with every other argument missing)');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'ba-c', platform => 'x', role_description => repeat('r', 65537))$$, '22001', NULL, 'role_description');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), description => repeat('d', 65537))$$, '22001', NULL, 'reminder description');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'ba-j3', job_type => 'maintenance', command => 'true', working_directory => repeat('w', 4097))$$, '22001', NULL, 'working_directory');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => repeat('d', 65537), knowledge_type => 'pattern')$$, '22001', NULL, 'knowledge description');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', applies_to_platforms => array_fill('x'::text, ARRAY[101]))$$, '22001', NULL, 'more than 100 platforms');
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => 's', tasks => array_fill('t'::text, ARRAY[101]))$$, :'s'), '22001', NULL, 'more than 100 tasks');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'x', activity_type => 'x', title => 't', summary => repeat('s', 65537))$$, '22001', NULL, 'activity summary');
SELECT throws_ok($$SELECT claude.cron_next(repeat('*', 101))$$, '22001', NULL, 'a cron expression over 100 characters');
SELECT throws_ok($$SELECT * FROM claude.get_due_jobs(project_name => repeat('p', 201))$$, '22001', NULL, 'a project name over 200 characters, even to look up');
SELECT throws_ok($$SELECT * FROM claude.get_recent_activity(project_name => repeat('p', 201))$$, '22001', NULL, 'get_recent_activity too');
SELECT throws_ok($$SELECT * FROM claude.search_knowledge(search_text => repeat('w ', 5001))$$, '22001', NULL, 'a search text over 10,000 characters');
SELECT throws_ok($$SELECT claude.update_knowledge(knowledge_id => NULL, updates => jsonb_build_object('description', repeat('d', 1048576)))$$, '22001', NULL, 'updates over 1 MiB');

-- search: a text that yields no query never means everything
SELECT throws_ok($$SELECT * FROM claude.search_knowledge(search_text => repeat('w', 3000), min_confidence => 1)$$, '22023', NULL,
    'a single 3,000-character word (ignored by full-text search) is refused, not "every entry"');
SELECT throws_ok($$SELECT * FROM claude.search_knowledge(search_text => 'the of and', min_confidence => 1)$$, '22023', NULL, 'only stop words');
SELECT ok((SELECT count(*) FROM claude.search_knowledge(search_text => E'\u200b ', min_confidence => 1)) > 0, 'a blank text is no text filter, like NULL');

-- a job's output and error are cut, not refused
SELECT claude.claim_job(job_id => :'j');
SELECT lives_ok(format($$SELECT claude.update_job_result(job_id => %L, status => 'FAILED', output => repeat('o', 300000), error => repeat('e', 70000))$$, :'j'),
    'output and error of any size are accepted');
SELECT ok((SELECT length(output) <= 65536 AND output LIKE 'ooo%[cut by claude-gateway: % more characters]'
                  AND length(error) <= 65536 AND error LIKE '%[cut by claude-gateway: % more characters]'
             FROM claude.job_run_history WHERE job_id = :'j'),
    'the run keeps their beginning and a marker');
SELECT ok((SELECT length(last_output) <= 65536 AND last_error LIKE '%[cut by claude-gateway: % more characters]'
             FROM claude.scheduled_jobs WHERE job_id = :'j'),
    'so does the job');

SELECT * FROM finish();
ROLLBACK;
