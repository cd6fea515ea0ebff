/**
 * The periods the demo generates. Kept apart from load-demo.ts so that `npm start` can name them
 * without loading the use cases (and their logger) before the local stack has set the environment.
 */
export const DEMO_PERIOD = '2023-H1';
/** The rhythm's other kinds, generated too: a quarter's review and a week's showcase (周晒). */
export const DEMO_QUARTER = '2023-Q1';
export const DEMO_WEEK = '2023-W09';
