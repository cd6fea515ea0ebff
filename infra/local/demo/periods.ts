/**
 * The periods the demo generates. Kept apart from load-demo.ts so that `npm start` can name them
 * without loading the use cases (and their logger) before the local stack has set the environment.
 */
export const DEMO_PERIOD = '2023-H1';
/** The rhythm's other kinds, generated too: a quarter's review and a week's showcase (周晒). */
export const DEMO_QUARTER = '2023-Q1';
export const DEMO_WEEK = '2023-W09';
/**
 * The week the start banner suggests reminding: one in which demo departments owed a report and sent none
 * (区乡村振兴局 in week 21 of 2023), so that the example names somebody. In DEMO_WEEK every
 * department that owed a report sent it; a test holds this one to missing departments.
 */
export const DEMO_REMINDER_WEEK = '2023-W21';
