/**
 * The integration events Showcase publishes, so that a district can wire its own automation. Their
 * detail schemas are documented in the README ("Events"); a field is only ever added, never renamed.
 */
import type { IsoWeek, Period, PeriodKind } from './calendar';

/** The EventBridge `source` of every event. */
export const EVENT_SOURCE = 'showcase';

export interface ReportSubmitted {
  type: 'ReportSubmitted';
  detail: {
    departmentId: string;
    week: IsoWeek;
    /** The half-year of the week (as ReportDto.period). */
    period: Period;
    revision: number;
    submittedAt: string;
    /** This revision arrived after the deadline. */
    late: boolean;
    /** Revision 1 made the deadline. */
    onTime: boolean;
  };
}

export interface SummaryReady {
  type: 'SummaryReady';
  detail: {
    period: Period;
    periodKind: PeriodKind;
    generationId: string;
    generatedAt: string;
    /** True while the period is still running (figures "to date"). */
    toDate: boolean;
    /** The scopes published: "district" and department ids. */
    scopes: string[];
    /** The API path of the summary; its documents are listed there. */
    href: string;
  };
}

export interface SummaryFailed {
  type: 'SummaryFailed';
  detail: {
    period: Period;
    periodKind: PeriodKind;
    generationId: string;
    /** The reason recorded on the generation (never internals). */
    reason: string;
  };
}

export type IntegrationEvent = ReportSubmitted | SummaryReady | SummaryFailed;
