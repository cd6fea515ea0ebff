/**
 * The date every workbook's zip entries and document properties carry: a fixed instant says "not a clock
 * reading". A module of its own so that the report template's skeleton (template-skeleton.ts) can date its
 * package like workbookBytes does without bundling workbook-bytes.ts, which imports exceljs's own modules.
 */
export const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));
