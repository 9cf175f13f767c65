-- Mission Control Web's reminders page: every pending reminder, due or not.
CREATE OR REPLACE VIEW claude.pending_reminders AS
SELECT r.reminder_id,
       r.title,
       r.description,
       r.check_after,
       r.check_type,
       r.check_condition,
       r.reschedule_days,
       r.max_reminders,
       r.reminder_count,
       r.status,
       r.project_name,
       r.created_by,
       r.created_at,
       r.check_after <= now() AS is_due
  FROM claude.reminders r
 WHERE r.status = 'pending'
 ORDER BY r.check_after, r.created_at;
COMMENT ON VIEW claude.pending_reminders IS 'Pending reminders (due or not yet due), soonest first; is_due = check_after <= now().';
COMMENT ON COLUMN claude.pending_reminders.is_due IS 'true when check_after <= now(): get_due_reminders returns it';
