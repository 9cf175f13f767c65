-- The next time a 5-field cron expression fires, strictly after a given
-- instant, evaluated in UTC.  The search walks month -> day -> hour -> minute
-- over the expanded value sets, so it costs at most a few hundred steps even
-- for an expression that fires once every four years.
CREATE OR REPLACE FUNCTION claude.cron_next(expression text, after timestamptz DEFAULT now())
RETURNS timestamptz
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    c_fields constant text[] := ARRAY['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
    v_expr text;
    v_fields text[];
    v_minutes integer[];
    v_hours integer[];
    v_doms integer[];
    v_months integer[];
    v_dows integer[];
    v_dom_any boolean;
    v_dow_any boolean;
    v_start timestamp;
    y0 integer; mo0 integer; d0 integer; h0 integer; mi0 integer;
    mo integer; h integer; mi integer;
    v_dim integer;
    v_dow1 integer;
    v_day_ok boolean;
    v_first_day integer;
    v_first_hour integer;
    v_first_minute integer;
    v_possible boolean;
    v_next timestamptz;
BEGIN
    -- docs/BOUNDS.md: the bound first (a schedule is at most 100 characters).
    -- Written out rather than through claude._check_length: this function is
    -- SECURITY INVOKER and its callers need not be granted the private helper.
    IF octet_length(expression) > 100 AND length(expression) > 100 THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('expression %L is %s characters long; the limit is 100', left(expression, 40) || '...', length(expression)),
            HINT = 'A cron expression has 5 short fields, e.g. ''*/15 9-17 * * MON-FRI''.';
    END IF;
    IF expression IS NULL OR btrim(expression) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'cron expression is required',
            HINT = 'Pass 5 fields (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly.';
    END IF;
    -- Years 1..9999 (a day of margin for time zones): what every client
    -- (Python's datetime) can represent, and no year 0 in the search below.
    IF after IS NULL OR NOT isfinite(after)
       OR after < lower(claude._calendar_dates()) OR after >= upper(claude._calendar_dates()) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('after must be a finite instant between years 1 and 9999, not %L', after),
            HINT = 'Pass the instant to search from, e.g. now().';
    END IF;

    v_expr := lower(btrim(expression));
    v_expr := CASE v_expr
        WHEN '@hourly' THEN '0 * * * *'
        WHEN '@daily' THEN '0 0 * * *'
        WHEN '@midnight' THEN '0 0 * * *'
        WHEN '@weekly' THEN '0 0 * * 0'
        WHEN '@monthly' THEN '0 0 1 * *'
        WHEN '@yearly' THEN '0 0 1 1 *'
        WHEN '@annually' THEN '0 0 1 1 *'
        ELSE v_expr END;
    IF left(v_expr, 1) = '@' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('malformed cron expression %L: unknown macro', expression),
            HINT = 'The macros are @hourly, @daily, @weekly, @monthly, @yearly (@annually).';
    END IF;
    v_fields := regexp_split_to_array(v_expr, '\s+');
    IF cardinality(v_fields) <> 5 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('malformed cron expression %L: %s fields instead of 5', expression, cardinality(v_fields)),
            HINT = 'A cron expression has 5 fields: minute hour day-of-month month day-of-week.';
    END IF;

    v_minutes := claude._cron_field(v_fields[1], c_fields[1], 0, 59);
    v_hours := claude._cron_field(v_fields[2], c_fields[2], 0, 23);
    v_doms := claude._cron_field(v_fields[3], c_fields[3], 1, 31);
    v_months := claude._cron_field(v_fields[4], c_fields[4], 1, 12,
        ARRAY['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);
    -- Day of week: 0..7 with 7 = Sunday; * and a/n stop at 6 so Sunday is not doubled.
    v_dows := claude._cron_field(v_fields[5], c_fields[5], 0, 7,
        ARRAY['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], 6);
    v_dows := ARRAY(SELECT DISTINCT (v % 7) FROM unnest(v_dows) AS v ORDER BY 1);
    -- Vixie semantics: when both day fields are restricted, a day matches if
    -- either matches.  A field restricts when it excludes some value: '*',
    -- '*/1', '1-31' or '0-7' do not.
    v_dom_any := cardinality(v_doms) = 31;
    v_dow_any := cardinality(v_dows) = 7;

    -- Only a restricted day-of-month with an unrestricted day-of-week can
    -- never fire (the 30th of February): reject it instead of searching forever.
    IF NOT v_dom_any AND v_dow_any THEN
        SELECT bool_or(dm <= CASE m WHEN 2 THEN 29 WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END)
          INTO v_possible
          FROM unnest(v_doms) AS dm, unnest(v_months) AS m;
        IF NOT v_possible THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('cron expression %L never fires: no month of the month field has a day of the day-of-month field', expression),
                HINT = 'Check the day-of-month and month fields (February has at most 29 days; April, June, September and November 30).';
        END IF;
    END IF;

    v_start := date_trunc('minute', after AT TIME ZONE 'UTC') + interval '1 minute';
    y0 := extract(year FROM v_start)::integer;
    mo0 := extract(month FROM v_start)::integer;
    d0 := extract(day FROM v_start)::integer;
    h0 := extract(hour FROM v_start)::integer;
    mi0 := extract(minute FROM v_start)::integer;

    -- A feasible expression fires within 8 years (29 February across a
    -- non-leap century year); search a little longer to be safe.
    FOR y IN y0 .. y0 + 10 LOOP
        FOREACH mo IN ARRAY v_months LOOP
            CONTINUE WHEN y = y0 AND mo < mo0;
            v_dim := CASE mo
                WHEN 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30
                ELSE 31 END;
            v_dow1 := extract(dow FROM make_date(y, mo, 1))::integer;
            v_first_day := CASE WHEN y = y0 AND mo = mo0 THEN d0 ELSE 1 END;
            FOR d IN v_first_day .. v_dim LOOP
                IF v_dom_any AND v_dow_any THEN
                    v_day_ok := true;
                ELSIF v_dow_any THEN
                    v_day_ok := d = ANY (v_doms);
                ELSIF v_dom_any THEN
                    v_day_ok := (v_dow1 + d - 1) % 7 = ANY (v_dows);
                ELSE
                    v_day_ok := d = ANY (v_doms) OR (v_dow1 + d - 1) % 7 = ANY (v_dows);
                END IF;
                CONTINUE WHEN NOT v_day_ok;
                v_first_hour := CASE WHEN y = y0 AND mo = mo0 AND d = d0 THEN h0 ELSE 0 END;
                FOREACH h IN ARRAY v_hours LOOP
                    CONTINUE WHEN h < v_first_hour;
                    v_first_minute := CASE WHEN y = y0 AND mo = mo0 AND d = d0 AND h = h0 THEN mi0 ELSE 0 END;
                    FOREACH mi IN ARRAY v_minutes LOOP
                        IF mi >= v_first_minute THEN
                            v_next := make_timestamp(y, mo, d, h, mi, 0) AT TIME ZONE 'UTC';
                            IF v_next >= upper(claude._calendar_dates()) THEN
                                RAISE EXCEPTION USING ERRCODE = '22023',
                                    MESSAGE = format('cron expression %L does not fire before the end of year 9999 after %s', expression, after),
                                    HINT = 'Pass an earlier after.';
                            END IF;
                            RETURN v_next;
                        END IF;
                    END LOOP;
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('cron expression %L does not fire within 10 years after %s', expression, after),
        HINT = 'Check the day-of-month, month and day-of-week fields.';
END;
$$;
COMMENT ON FUNCTION claude.cron_next(text, timestamptz) IS
'The next instant (strictly after `after`, default now()) at which a cron expression fires, evaluated in UTC.
Parameters:
- expression: a 5-field cron expression or @hourly/@daily/@weekly/@monthly/@yearly (22023 malformed).
- after: the instant to start from (default now()); the result is strictly later.
expression: 5 fields "minute hour day-of-month month day-of-week" with lists (1,2), ranges (1-5), steps (*/15, 1-30/5, 5/10), month names JAN-DEC and weekday names SUN-SAT (case-insensitive); weekday 0 and 7 are both Sunday; or a macro @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually).
Vixie semantics: when both day-of-month and day-of-week are restricted, a day matches if either matches; a field is restricted when it excludes some value ("*", "*/1", "1-31", "0-7" are not; "*/2" is: the star-prefix quirk of Vixie cron is not reproduced). Ranges must ascend (no wrap-around).
Errors: 22023 for a malformed expression (the message names the bad field), an expression that can never fire (e.g. "0 0 30 2 *"), or a NULL or infinite `after` or one outside years 1..9999 (and when the next run would fall after year 9999); 22001 an expression over 100 characters.';
REVOKE ALL ON FUNCTION claude.cron_next(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.cron_next(text, timestamptz) TO claude_agent;
