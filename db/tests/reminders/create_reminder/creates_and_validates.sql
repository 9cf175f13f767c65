-- create_reminder: defaults, and every validation with its SQLSTATE.
BEGIN;
SELECT plan(36);

SELECT lives_ok($$SELECT claude.create_reminder(title => 'plain', check_after => now() + interval '1 day')$$, 'a manual reminder needs only title and check_after');
SELECT results_eq(
    $$SELECT status::text, reminder_count, check_type::text, reschedule_days, max_reminders, completed_at IS NULL
        FROM claude.reminders WHERE title = 'plain'$$,
    $$VALUES ('pending', 0, 'manual', 7, 3, true)$$,
    'defaults: pending, count 0, manual, 7 days, 3 reminders, not completed');

-- title
SELECT throws_ok($$SELECT claude.create_reminder(title => '', check_after => now())$$, '22023', NULL, 'empty title');
SELECT throws_ok($$SELECT claude.create_reminder(title => '   ', check_after => now())$$, '22023', NULL, 'blank title');
SELECT throws_ok($$SELECT claude.create_reminder(title => NULL, check_after => now())$$, '22023', NULL, 'NULL title');
SELECT throws_ok($$SELECT claude.create_reminder(title => repeat('x', 201), check_after => now())$$, '22001', NULL, 'title longer than 200');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => NULL)$$, '22023', NULL, 'check_after is required');

-- check_type and condition
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'cron')$$, '22023', NULL, 'unknown check_type');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => NULL)$$, '22023', NULL, 'NULL check_type');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'sql_query')$$, '22023', NULL, 'sql_query needs a condition');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'file_exists', check_condition => '  ')$$, '22023', NULL, 'file_exists needs a condition');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty')$$, '22023', NULL, 'table_empty needs a condition');
SELECT lives_ok($$SELECT claude.create_reminder(title => 'file', check_after => now(), check_type => 'file_exists', check_condition => '/tmp/done.flag')$$, 'file_exists takes a path');

-- table_empty: resolved safely, stored qualified
CREATE TABLE public.cr_target (x int);
CREATE TABLE claude.cr_claude_target (x int);
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => 'no_such_table')$$, '22023', NULL, 'table_empty names an existing table');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => 'cr_target; DROP TABLE public.cr_target')$$, '22023', NULL, 'a table name with SQL in it is rejected');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => 'cr_target WHERE false')$$, '22023', NULL, 'a table name with a clause is rejected');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => '(SELECT 1)')$$, '22023', NULL, 'a subquery is not a table name');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => 'a.b.c.d')$$, '22023', NULL, 'too many name parts');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'table_empty', check_condition => 'claude.create_reminder')$$, '22023', NULL, 'a function is not a table');
SELECT has_table('public', 'cr_target', 'the table named in the hostile condition still exists');
SELECT claude.create_reminder(title => 'q1', check_after => now(), check_type => 'table_empty', check_condition => 'cr_target') IS NOT NULL AS created;
SELECT is((SELECT check_condition FROM claude.reminders WHERE title = 'q1'), 'public.cr_target', 'an unqualified public table is stored schema-qualified');
SELECT claude.create_reminder(title => 'q2', check_after => now(), check_type => 'table_empty', check_condition => 'cr_claude_target') IS NOT NULL AS created;
SELECT is((SELECT check_condition FROM claude.reminders WHERE title = 'q2'), 'claude.cr_claude_target', 'unqualified names are looked up in claude first');
SELECT claude.create_reminder(title => 'q3', check_after => now(), check_type => 'table_empty', check_condition => ' Claude.Reminders ') IS NOT NULL AS created;
SELECT is((SELECT check_condition FROM claude.reminders WHERE title = 'q3'), 'claude.reminders', 'identifiers are parsed like SQL (case folding, blanks)');

-- sql_query: one SELECT-like statement
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'sql_query', check_condition => 'SELECT true; DELETE FROM claude.reminders')$$, '22023', NULL, 'two statements are rejected');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'sql_query', check_condition => 'DELETE FROM claude.reminders RETURNING true')$$, '22023', NULL, 'DELETE ... RETURNING is not a query');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'sql_query', check_condition => 'SELECT '';'' = '';''')$$, '22023', NULL, 'conservative: a semicolon inside a literal is rejected too (documented)');
SELECT claude.create_reminder(title => 'q4', check_after => now(), check_type => 'sql_query', check_condition => 'SELECT true ;  ') IS NOT NULL AS created;
SELECT is((SELECT check_condition FROM claude.reminders WHERE title = 'q4'), 'SELECT true', 'one trailing semicolon is accepted and dropped');
SELECT lives_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), check_type => 'sql_query', check_condition => 'WITH x AS (SELECT 1) SELECT count(*) = 1 FROM x')$$, 'WITH queries are accepted');

-- numbers
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), reschedule_days => 0)$$, '22023', NULL, 'reschedule_days 0');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), reschedule_days => -3)$$, '22023', NULL, 'negative reschedule_days');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), max_reminders => 0)$$, '22023', NULL, 'max_reminders 0');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), max_reminders => NULL)$$, '22023', NULL, 'NULL max_reminders');

-- project and creator
SELECT lives_ok($$SELECT claude.create_reminder(title => 'p', check_after => now(), project_name => 'cr-new-project', created_by => 'me')$$, 'a new project name is accepted');
SELECT ok(EXISTS (SELECT 1 FROM claude.projects WHERE project_name = 'cr-new-project'), 'and registered');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), project_name => repeat('p', 201))$$, '22001', NULL, 'project name longer than 200');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), created_by => repeat('c', 101))$$, '22001', NULL, 'created_by longer than 100');

SELECT * FROM finish();
ROLLBACK;
