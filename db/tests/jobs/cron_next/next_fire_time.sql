-- cron_next: fields, lists, ranges, steps, names, macros, Vixie OR,
-- weekday 7, month ends, 29 February, strictly-after, and 22023 errors.
BEGIN;
SELECT plan(44);

SELECT is(claude.cron_next('* * * * *', '2024-03-10 10:00:00+00'), '2024-03-10 10:01:00+00', 'every minute: strictly after an exact minute');
SELECT is(claude.cron_next('* * * * *', '2024-03-10 10:00:30+00'), '2024-03-10 10:01:00+00', 'seconds are truncated before stepping');
SELECT is(claude.cron_next('*/15 * * * *', '2024-01-31 23:59:00+00'), '2024-02-01 00:00:00+00', 'step rolls over the end of January');
SELECT is(claude.cron_next('5,35 */6 * * *', '2024-01-01 06:35:00+00'), '2024-01-01 12:05:00+00', 'lists and hour steps');
SELECT is(claude.cron_next('10-12/2 1-3 * * *', '2024-01-01 01:12:00+00'), '2024-01-01 02:10:00+00', 'range with step');
SELECT is(claude.cron_next('50/5 * * * *', '2024-01-01 00:56:00+00'), '2024-01-01 01:50:00+00', 'a/n runs from a to the end of the field');
SELECT is(claude.cron_next('0 0 31 * *', '2024-04-01 00:00:00+00'), '2024-05-31 00:00:00+00', 'the 31st skips months without one');
SELECT is(claude.cron_next('0 0 29 2 *', '2023-03-01 00:00:00+00'), '2024-02-29 00:00:00+00', '29 February in the next leap year');
SELECT is(claude.cron_next('0 0 29 2 *', '2024-02-29 00:00:00+00'), '2028-02-29 00:00:00+00', '29 February: four years later');
SELECT is(claude.cron_next('0 0 29 2 *', '2096-03-01 00:00:00+00'), '2104-02-29 00:00:00+00', '2100 is not a leap year');
SELECT is(claude.cron_next('0 0 29 2 *', '1999-03-01 00:00:00+00'), '2000-02-29 00:00:00+00', '2000 is a leap year');
SELECT is(claude.cron_next('59 23 31 12 *', '2024-12-31 23:59:00+00'), '2025-12-31 23:59:00+00', 'year end');
SELECT is(claude.cron_next('0 12 * * 7', '2024-01-01 00:00:00+00'), '2024-01-07 12:00:00+00', 'weekday 7 is Sunday');
SELECT is(claude.cron_next('0 12 * * 0', '2024-01-01 00:00:00+00'), '2024-01-07 12:00:00+00', 'weekday 0 is Sunday');
SELECT is(claude.cron_next('0 12 * * 5-7', '2024-01-06 12:00:00+00'), '2024-01-07 12:00:00+00', 'range ending at 7 includes Sunday');
SELECT is(claude.cron_next('0 0 * * mon-fri', '2024-01-05 00:00:00+00'), '2024-01-08 00:00:00+00', 'weekday names in a range');
SELECT is(claude.cron_next('0 0 1 jan,Jul *', '2024-01-01 00:00:00+00'), '2024-07-01 00:00:00+00', 'month names, case-insensitive');
SELECT is(claude.cron_next('0 0 13 * 5', '2024-01-01 00:00:00+00'), '2024-01-05 00:00:00+00', 'Vixie OR: a Friday before the 13th');
SELECT is(claude.cron_next('0 0 13 * 5', '2024-01-12 00:00:00+00'), '2024-01-13 00:00:00+00', 'Vixie OR: the 13th (a Saturday)');
SELECT is(claude.cron_next('0 0 */2 * 1', '2024-01-01 00:00:00+00'), '2024-01-03 00:00:00+00', 'a stepped day-of-month is restricted: OR with Monday');
SELECT is(claude.cron_next('0 0 1 * 0-6', '2024-01-02 00:00:00+00'), '2024-02-01 00:00:00+00', 'a weekday field allowing every day does not restrict: the 1st only');
SELECT is(claude.cron_next('0 0 */2 * */1', '2024-01-01 00:00:00+00'), '2024-01-03 00:00:00+00', 'nor does */1: odd days only');
SELECT is(claude.cron_next('0 0 * * 1', '2024-01-02 00:00:00+00'), '2024-01-08 00:00:00+00', 'day-of-month * : weekday alone decides');
SELECT is(claude.cron_next('0 0 30 * *', '2024-01-31 00:00:00+00'), '2024-03-30 00:00:00+00', 'the 30th skips February');
SELECT is(claude.cron_next('@hourly', '2024-01-01 10:00:00+00'), '2024-01-01 11:00:00+00', '@hourly');
SELECT is(claude.cron_next('@daily', '2024-01-01 10:00:00+00'), '2024-01-02 00:00:00+00', '@daily');
SELECT is(claude.cron_next('@weekly', '2024-01-01 10:00:00+00'), '2024-01-07 00:00:00+00', '@weekly (Sunday midnight)');
SELECT is(claude.cron_next('@monthly', '2024-01-31 10:00:00+00'), '2024-02-01 00:00:00+00', '@monthly');
SELECT is(claude.cron_next('@yearly', '2024-01-01 00:00:00+00'), '2025-01-01 00:00:00+00', '@yearly');
SELECT is(claude.cron_next('@annually', '2024-06-01 00:00:00+00'), '2025-01-01 00:00:00+00', '@annually');
SELECT is(claude.cron_next('0 9 * * *', '2024-01-01 08:30:00-05'), '2024-01-02 09:00:00+00', 'evaluated in UTC whatever the offset of the input');

SELECT throws_ok($$SELECT claude.cron_next('0 0 30 2 *', now())$$, '22023', NULL, '30 February never fires');
SELECT throws_ok($$SELECT claude.cron_next('0 0 31 4,6,9,11 *', now())$$, '22023', NULL, 'the 31st of 30-day months never fires');
SELECT throws_ok($$SELECT claude.cron_next('0 0 * *', now())$$, '22023', NULL, 'four fields');
SELECT throws_ok($$SELECT claude.cron_next('60 * * * *', now())$$, '22023', 'malformed cron expression: the minute field value ''60'' is out of range 0-59', 'minute out of range names the field');
SELECT throws_ok($$SELECT claude.cron_next('* * * foo *', now())$$, '22023', NULL, 'unknown month name');
SELECT throws_ok($$SELECT claude.cron_next('*/0 * * * *', now())$$, '22023', NULL, 'step 0');
SELECT throws_ok($$SELECT claude.cron_next('* 5-2 * * *', now())$$, '22023', NULL, 'descending range');
SELECT throws_ok($$SELECT claude.cron_next('@reboot', now())$$, '22023', NULL, 'unknown macro');
SELECT throws_ok($$SELECT claude.cron_next('', now())$$, '22023', NULL, 'empty expression');
SELECT throws_ok($$SELECT claude.cron_next('* * 1,,2 * *', now())$$, '22023', NULL, 'empty list item');
SELECT throws_ok($$SELECT claude.cron_next('* * 99999999999 * *', now())$$, '22023', NULL, 'huge number is 22023, not a cast error');
SELECT throws_ok($$SELECT claude.cron_next('0 0 L * *', now())$$, '22023', NULL, 'L is not supported');
SELECT throws_ok($$SELECT claude.cron_next('* * * * *', 'infinity')$$, '22023', NULL, 'after must be finite');

SELECT * FROM finish();
ROLLBACK;
