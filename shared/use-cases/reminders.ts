/**
 * Reminders: before the Monday deadline, the group channels hear which departments have not reported
 * the week just ended, and each of those departments with an address gets an e-mail.
 */
import { hasStarted, previousWeek, weekOf, type Deadline, type IsoWeek } from '../domain/calendar';
import { departmentsToRemind, reminderEmail, reminderNotice } from '../domain/notifications/reminder';
import { ValidationError } from '../errors/app-error';
import type { DepartmentRepository, ReportRepository } from '../ports/repositories';
import {
  deliver,
  periodPageUrl,
  postToGroups,
  type DeliveryOutcome,
  type NotifyDependencies,
  type RetryPolicy,
} from './notifications';

export interface ReminderDependencies extends NotifyDependencies {
  departments: DepartmentRepository;
  reports: Pick<ReportRepository, 'reportedIn'>;
  deadline: Deadline;
  orgName: string;
}

export interface ReminderResult {
  week: IsoWeek;
  /** Ids of the departments the reminder names, sorted. */
  departments: string[];
  deliveries: DeliveryOutcome[];
}

/** The week a scheduled reminder is about: the one that ended before the run (Monday 09:00). */
export function scheduledReminderWeek(at: Date, timeZone: string): IsoWeek {
  return previousWeek(weekOf(at, timeZone));
}

/**
 * Input: the week, whether to send again what was sent already, and the retry policy.
 * Output: the departments reminded and one outcome per delivery.
 * Primary course:
 *  1. Refuse a week that has not started.
 *  2. Find the departments expected to report the week that have not (one batch read of the roster's
 *     week heads; it fails rather than guess, so a department that reported is never named).
 *  3. Nobody missing: nothing is sent. Otherwise post the list to every group channel and e-mail each
 *     missing department that has an address (when an e-mail channel is configured), all at once.
 */
export async function sendReminder(
  deps: ReminderDependencies,
  input: { week: IsoWeek; resend: boolean; policy: RetryPolicy },
): Promise<ReminderResult> {
  const { week } = input;
  if (!hasStarted(week, deps.clock(), deps.deadline.timeZone)) {
    throw new ValidationError(`${week} has not started yet`, [
      { field: 'path.week', message: 'this week has not started yet' },
    ]);
  }
  const roster = await deps.departments.list();
  // Whether each department reported, not what: one batch read of the heads' keys rather than a read
  // of each whole report (README "Cold start").
  const reported = await deps.reports.reportedIn(
    week,
    roster.map((department) => department.departmentId),
  );
  const missing = departmentsToRemind(roster, week, reported);
  if (missing.length === 0) return { week, departments: [], deliveries: [] };

  const channels = await deps.channels.list();
  const link = periodPageUrl(deps.webAppUrl(), week);
  const options = { resend: input.resend, policy: input.policy };
  const notice = reminderNotice({ orgName: deps.orgName, week, deadline: deps.deadline, missing, link });
  const group = postToGroups(deps, channels, { period: week, kind: 'reminder' }, notice, options);
  const emailChannel = channels.find((channel) => channel.type === 'email');
  const emails = emailChannel
    ? missing
        .filter((department) => department.email)
        .map((department) => {
          const message = reminderEmail({
            orgName: deps.orgName,
            week,
            deadline: deps.deadline,
            department,
            link,
          });
          const to = department.email!;
          return deliver(
            deps,
            { period: week, kind: 'reminder', channel: emailChannel.id, recipient: to },
            (signal) => deps.email.send({ to, ...message }, signal),
            options,
          );
        })
    : [];
  return {
    week,
    departments: missing.map((department) => department.departmentId),
    deliveries: await Promise.all([...group, ...emails]),
  };
}
