/**
 * Who is reminded of a week, and what the reminder says. Pure: the roster, who reported and the
 * deadline are passed in.
 */
import { compareWeeks, deadlineOf, periodTitle, weekDates, type Deadline, type IsoWeek } from '../calendar';
import type { Department } from '../report';
import type { Notice } from './messages';

/**
 * The departments expected to report the week that have not: active by then (no `activeFrom`, or one
 * not after the week) and without any revision of it. Sorted by id, as the roster is everywhere else.
 */
export function departmentsToRemind(
  departments: Department[],
  week: IsoWeek,
  reported: ReadonlySet<string>,
): Department[] {
  return departments
    .filter((department) => !department.activeFrom || compareWeeks(department.activeFrom, week) <= 0)
    .filter((department) => !reported.has(department.departmentId))
    .sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
}

/** "3月13日（周一）12:00": the deadline as people say it, in the deployment's zone. */
export function deadlineText(week: IsoWeek, deadline: Deadline): string {
  const due = deadlineOf(week, deadline);
  const weekday = ['一', '二', '三', '四', '五', '六', '日'][due.weekday - 1];
  return `${due.month}月${due.day}日（周${weekday}）${due.toHourMinute()}`;
}

/** The group message: the week, its deadline and, by name, every department that has not reported. */
export function reminderNotice(input: {
  orgName: string;
  week: IsoWeek;
  deadline: Deadline;
  missing: Department[];
  /** The web app's page for the week; absent when the deployment has no web app URL. */
  link?: string;
}): Notice {
  const weekName = `${periodTitle(input.week)}（${weekDates(input.week)}）`;
  const lines = [
    `${weekName}的工作成效周报将于 **${deadlineText(input.week, input.deadline)}** 截止。`,
    `以下 ${input.missing.length} 个单位尚未报送：`,
    '',
    ...input.missing.map((department) => `- ${department.name}`),
  ];
  return {
    title: `周报提醒：${periodTitle(input.week)}`,
    markdown: lines.join('\n'),
    ...(input.link ? { link: { text: '打开周报系统', url: input.link } } : {}),
  };
}

/** The e-mail to one department that has not reported. */
export function reminderEmail(input: {
  orgName: string;
  week: IsoWeek;
  deadline: Deadline;
  department: Department;
  link?: string;
}): { subject: string; text: string } {
  const weekName = `${periodTitle(input.week)}（${weekDates(input.week)}）`;
  return {
    subject: `【周报提醒】${input.department.name}：${periodTitle(input.week)}周报尚未报送`,
    text: [
      `${input.department.name}：`,
      '',
      `贵单位${weekName}的工作成效周报尚未报送，截止时间为 ${deadlineText(input.week, input.deadline)}。`,
      input.link ? `请登录周报系统报送：${input.link}` : '请登录周报系统报送。',
      '',
      input.orgName,
    ].join('\n'),
  };
}
