-- cron_next: fields, lists, ranges, steps, names, macros, Vixie OR,
-- weekday 7, month ends, 29 February, strictly-after, and 22023 errors.
BEGIN;
SELECT plan(44);

-- expression, after, the next fire time, what it shows
SELECT is(claude.cron_next(c.expression, c.after::timestamptz), c.next_fire::timestamptz, c.label)
  FROM (VALUES
    ('* * * * *', '2024-03-10 10:00:00+00', '2024-03-10 10:01:00+00', 'every minute: strictly after an exact minute'),
    ('* * * * *', '2024-03-10 10:00:30+00', '2024-03-10 10:01:00+00', 'seconds are truncated before stepping'),
    ('*/15 * * * *', '2024-01-31 23:59:00+00', '2024-02-01 00:00:00+00', 'step rolls over the end of January'),
    ('5,35 */6 * * *', '2024-01-01 06:35:00+00', '2024-01-01 12:05:00+00', 'lists and hour steps'),
    ('10-12/2 1-3 * * *', '2024-01-01 01:12:00+00', '2024-01-01 02:10:00+00', 'range with step'),
    ('50/5 * * * *', '2024-01-01 00:56:00+00', '2024-01-01 01:50:00+00', 'a/n runs from a to the end of the field'),
    ('0 0 31 * *', '2024-04-01 00:00:00+00', '2024-05-31 00:00:00+00', 'the 31st skips months without one'),
    ('0 0 29 2 *', '2023-03-01 00:00:00+00', '2024-02-29 00:00:00+00', '29 February in the next leap year'),
    ('0 0 29 2 *', '2024-02-29 00:00:00+00', '2028-02-29 00:00:00+00', '29 February: four years later'),
    ('0 0 29 2 *', '2096-03-01 00:00:00+00', '2104-02-29 00:00:00+00', '2100 is not a leap year'),
    ('0 0 29 2 *', '1999-03-01 00:00:00+00', '2000-02-29 00:00:00+00', '2000 is a leap year'),
    ('59 23 31 12 *', '2024-12-31 23:59:00+00', '2025-12-31 23:59:00+00', 'year end'),
    ('0 12 * * 7', '2024-01-01 00:00:00+00', '2024-01-07 12:00:00+00', 'weekday 7 is Sunday'),
    ('0 12 * * 0', '2024-01-01 00:00:00+00', '2024-01-07 12:00:00+00', 'weekday 0 is Sunday'),
    ('0 12 * * 5-7', '2024-01-06 12:00:00+00', '2024-01-07 12:00:00+00', 'range ending at 7 includes Sunday'),
    ('0 0 * * mon-fri', '2024-01-05 00:00:00+00', '2024-01-08 00:00:00+00', 'weekday names in a range'),
    ('0 0 1 jan,Jul *', '2024-01-01 00:00:00+00', '2024-07-01 00:00:00+00', 'month names, case-insensitive'),
    ('0 0 13 * 5', '2024-01-01 00:00:00+00', '2024-01-05 00:00:00+00', 'Vixie OR: a Friday before the 13th'),
    ('0 0 13 * 5', '2024-01-12 00:00:00+00', '2024-01-13 00:00:00+00', 'Vixie OR: the 13th (a Saturday)'),
    ('0 0 */2 * 1', '2024-01-01 00:00:00+00', '2024-01-03 00:00:00+00', 'a stepped day-of-month is restricted: OR with Monday'),
    ('0 0 1 * 0-6', '2024-01-02 00:00:00+00', '2024-02-01 00:00:00+00', 'a weekday field allowing every day does not restrict: the 1st only'),
    ('0 0 */2 * */1', '2024-01-01 00:00:00+00', '2024-01-03 00:00:00+00', 'nor does */1: odd days only'),
    ('0 0 * * 1', '2024-01-02 00:00:00+00', '2024-01-08 00:00:00+00', 'day-of-month * : weekday alone decides'),
    ('0 0 30 * *', '2024-01-31 00:00:00+00', '2024-03-30 00:00:00+00', 'the 30th skips February'),
    ('@hourly', '2024-01-01 10:00:00+00', '2024-01-01 11:00:00+00', '@hourly'),
    ('@daily', '2024-01-01 10:00:00+00', '2024-01-02 00:00:00+00', '@daily'),
    ('@weekly', '2024-01-01 10:00:00+00', '2024-01-07 00:00:00+00', '@weekly (Sunday midnight)'),
    ('@monthly', '2024-01-31 10:00:00+00', '2024-02-01 00:00:00+00', '@monthly'),
    ('@yearly', '2024-01-01 00:00:00+00', '2025-01-01 00:00:00+00', '@yearly'),
    ('@annually', '2024-06-01 00:00:00+00', '2025-01-01 00:00:00+00', '@annually'),
    ('0 9 * * *', '2024-01-01 08:30:00-05', '2024-01-02 09:00:00+00', 'evaluated in UTC whatever the offset of the input')
  ) AS c(expression, after, next_fire, label);

-- expression, after (NULL: now()), the message (NULL: any), what it shows: each is 22023
SELECT throws_ok(format('SELECT claude.cron_next(%L, %s)', c.expression, coalesce(quote_literal(c.after), 'now()')),
                 '22023', c.message, c.label)
  FROM (VALUES
    ('0 0 30 2 *', NULL, NULL, '30 February never fires'),
    ('0 0 31 4,6,9,11 *', NULL, NULL, 'the 31st of 30-day months never fires'),
    ('0 0 * *', NULL, NULL, 'four fields'),
    ('60 * * * *', NULL, 'malformed cron expression: the minute field value ''60'' is out of range 0-59', 'minute out of range names the field'),
    ('* * * foo *', NULL, NULL, 'unknown month name'),
    ('*/0 * * * *', NULL, NULL, 'step 0'),
    ('* 5-2 * * *', NULL, NULL, 'descending range'),
    ('@reboot', NULL, NULL, 'unknown macro'),
    ('', NULL, NULL, 'empty expression'),
    ('* * 1,,2 * *', NULL, NULL, 'empty list item'),
    ('* * 99999999999 * *', NULL, NULL, 'huge number is 22023, not a cast error'),
    ('0 0 L * *', NULL, NULL, 'L is not supported'),
    ('* * * * *', 'infinity', NULL, 'after must be finite')
  ) AS c(expression, after, message, label);

SELECT * FROM finish();
ROLLBACK;
