/**
 * The import command: a spreadsheet of weekly reports in, one PUT per department-week out.
 *
 * Input: the file, the API's base URL and a token, and the command's options.
 * Output: lines on stdout (a progress bar on stderr when it is a terminal) and an exit code:
 * 0 everything landed, 1 some reports failed or the file has errors, 2 a usage error (see cli.ts).
 * Primary course:
 *  1. Read the file and ask the API who the token is, the catalog in force and the departments it may name.
 *  2. Map every row and validate everything, including the API's own request rules, before sending anything;
 *     read the stored latest revision of each week so that a dry run can say new, changed or unchanged.
 *  3. With errors, list each (row, column, reason) and stop, unless --skip-invalid leaves their weeks out.
 *  4. Submit each week as one PUT, a few at a time, retrying throttling and server errors; an identical
 *     week is a no-op in the API, so re-running an interrupted import only sends what is missing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import pLimit from 'p-limit';
import { ReportBody } from '../../functions/submit-report/schema';
import { loadConfig } from '../../shared/config/config';
import { periodOfWeek } from '../../shared/domain/calendar';
import { CatalogIndex, parseCatalog } from '../../shared/domain/catalog';
import {
  compareWithExisting,
  locateFault,
  planImport,
  type ExistingReport,
  type ImportContext,
  type ImportError,
  type KnownDepartment,
  type PlannedReport,
  type ReportChange,
} from '../../shared/domain/import/plan-import';
import { zodIssuesToDetails } from '../../shared/http/http-handler';
import { ApiClient, describeFailure, type ApiErrorBody, type RetryPolicy } from './api-client';
import { readSheet } from './read-sheet';

export interface ImportOptions {
  url: string;
  token: string;
  file: string;
  dryRun: boolean;
  errorsFile?: string;
  concurrency: number;
  skipInvalid: boolean;
  retry?: RetryPolicy;
}

export interface ImportIo {
  out: (line: string) => void;
  /** Where the progress bar goes when it is a terminal. */
  progressStream?: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface Me {
  role: 'admin' | 'reviewer' | 'department';
  departmentId?: string;
  departmentName?: string;
}

interface ReportDto extends ExistingReport {
  week: string;
}

type ListedError = ImportError;

class FatalError extends Error {}

function rowsOf(report: PlannedReport): string {
  const first = report.rows[0];
  const last = report.rows[report.rows.length - 1];
  return first === last ? `row ${first}` : `rows ${first}-${last}`;
}

function formatError(error: ListedError): string {
  const where = error.column ? `row ${error.row}, ${error.column}` : `row ${error.row}`;
  return `${where}: ${error.message}`;
}

function csvCell(text: string | number | undefined): string {
  const value = text === undefined ? '' : String(text);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The errors as a CSV that Excel opens as UTF-8 (hence the BOM), one line per error. */
async function writeErrorsFile(path: string, errors: ListedError[]): Promise<void> {
  const lines = [
    ['行', '列', '单位', '周次', '原因'].join(','),
    ...errors.map((error) =>
      [error.row, error.column ?? '', error.department, error.week, error.message].map(csvCell).join(','),
    ),
  ];
  await writeFile(path, '\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

function describeChange(change: ReportChange): string {
  if (change.status === 'new') return change.willBeLate ? 'new (will count as late)' : 'new';
  if (change.status === 'unchanged') return 'unchanged';
  const parts = [
    change.added.length ? `added: ${change.added.join('; ')}` : '',
    change.removed.length ? `removed: ${change.removed.join('; ')}` : '',
    change.changed.length ? `changed: ${change.changed.join('; ')}` : '',
    change.note ?? '',
  ].filter(Boolean);
  return `changed (${parts.join(' | ')})`;
}

async function loadContext(api: ApiClient, now: Date): Promise<Omit<ImportContext, 'timeZone'>> {
  const catalogResponse = await api.request('GET', '/v1/catalog');
  if (catalogResponse.status !== 200) {
    throw new FatalError(`cannot read the catalog: ${describeFailure(catalogResponse)}`);
  }
  const catalog = new CatalogIndex(parseCatalog(catalogResponse.body, 'GET /v1/catalog'));

  // GET /v1/me names the token's role and department where the API has it; older deployments
  // answer 404, and then the roster (admins and reviewers only) tells the two apart.
  const meResponse = await api.request<Me>('GET', '/v1/me');
  const me = meResponse.status === 200 ? meResponse.body : undefined;
  if (me?.role === 'reviewer') throw new FatalError('a reviewer token cannot submit reports');
  if (me?.role === 'department' && me.departmentId) {
    const own: KnownDepartment = {
      departmentId: me.departmentId,
      name: me.departmentName ?? me.departmentId,
    };
    return {
      catalog,
      departments: [own],
      ownDepartmentId: own.departmentId,
      mayBackdate: false,
      now,
    };
  }
  const roster = await api.request<{ departments: KnownDepartment[] }>('GET', '/v1/departments');
  if (roster.status === 401) throw new FatalError(`the token is not accepted: ${describeFailure(roster)}`);
  if (roster.status === 200) {
    return { catalog, departments: roster.body.departments, mayBackdate: true, now };
  }
  return { catalog, mayBackdate: false, now };
}

/** The latest stored revision of every week the plan touches: one list request per department and half-year. */
async function readExisting(
  api: ApiClient,
  reports: PlannedReport[],
  concurrency: number,
): Promise<{ existing: Map<string, ReportDto>; errors: ListedError[]; refused: Set<string> }> {
  const groups = new Map<string, PlannedReport[]>();
  for (const report of reports) {
    const key = `${report.departmentId}|${periodOfWeek(report.week)}`;
    groups.set(key, [...(groups.get(key) ?? []), report]);
  }
  const existing = new Map<string, ReportDto>();
  const errors: ListedError[] = [];
  const refused = new Set<string>();
  const limit = pLimit(concurrency);
  await Promise.all(
    [...groups].map(([key, members]) =>
      limit(async () => {
        const [departmentId, period] = key.split('|') as [string, string];
        // The listing is paged (by count and by bytes); a half-year is a page or two.
        let nextToken: string | undefined;
        let response;
        do {
          const page = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : '';
          response = await api.request<{ reports: ReportDto[]; nextToken?: string }>(
            'GET',
            `/v1/departments/${encodeURIComponent(departmentId)}/reports?period=${period}&limit=100${page}`,
          );
          if (response.status !== 200) break;
          for (const report of response.body.reports) existing.set(`${departmentId}|${report.week}`, report);
          nextToken = response.body.nextToken;
        } while (nextToken);
        if (response.status === 200) return;
        const reason =
          response.status === 404
            ? `unknown department ${departmentId}`
            : response.status === 403
              ? `this token may not submit for department ${departmentId}`
              : `cannot read the stored reports of ${departmentId}: ${describeFailure(response)}`;
        for (const report of members) {
          refused.add(`${report.departmentId}|${report.week}`);
          errors.push({
            row: report.rows[0]!,
            column: '单位',
            message: reason,
            department: departmentId,
            week: report.week,
          });
        }
      }),
    ),
  );
  return { existing, errors, refused };
}

export async function runImport(options: ImportOptions, io: ImportIo): Promise<number> {
  const now = io.now();
  const { deadline } = loadConfig(io.env);
  const api = new ApiClient(options.url, options.token, options.retry);
  try {
    const bytes = await readFile(options.file).catch((error: NodeJS.ErrnoException) => {
      throw new FatalError(`cannot read ${options.file}: ${error.message}`);
    });
    const sheet = await readSheet(basename(options.file), bytes).catch((error: Error) => {
      throw new FatalError(`cannot read ${options.file}: ${error.message}`);
    });
    const context: ImportContext = {
      ...(await loadContext(api, now)),
      timeZone: deadline.timeZone,
      checkBody: (body) => {
        const result = ReportBody.safeParse(body);
        return result.success ? [] : zodIssuesToDetails('body', result.error);
      },
    };
    const plan = planImport(sheet, context);
    const errors: ListedError[] = [...plan.errors];
    const {
      existing,
      errors: readErrors,
      refused,
    } = await readExisting(api, plan.reports, options.concurrency);
    errors.push(...readErrors);
    errors.sort((a, b) => a.row - b.row);
    const reports = plan.reports.filter((report) => !refused.has(`${report.departmentId}|${report.week}`));
    const skipped = plan.rejectedReports + refused.size;

    if (errors.length > 0) {
      for (const error of errors) io.out(formatError(error));
      if (options.errorsFile) await writeErrorsFile(options.errorsFile, errors);
      if (!options.skipInvalid) {
        io.out(
          `${errors.length} error${errors.length === 1 ? '' : 's'} in ${options.file}; nothing was sent` +
            (options.errorsFile ? ` (listed in ${options.errorsFile})` : ''),
        );
        return EXIT.failed;
      }
      io.out(`--skip-invalid: leaving out ${skipped} report${skipped === 1 ? '' : 's'} with errors`);
    }

    const changes = reports.map((report) =>
      compareWithExisting(report, existing.get(`${report.departmentId}|${report.week}`), {
        catalog: context.catalog,
        deadline,
        now,
      }),
    );
    if (options.dryRun) {
      reports.forEach((report, index) => {
        io.out(
          `${report.departmentId} ${report.week} (${rowsOf(report)}): ${describeChange(changes[index]!)}`,
        );
      });
      const count = (status: ReportChange['status']) => changes.filter((c) => c.status === status).length;
      const late = changes.filter((c) => c.status === 'new' && c.willBeLate).length;
      io.out(
        `dry run: ${reports.length} reports from ${plan.rowCount} rows: ${count('new')} new, ` +
          `${count('changed')} changed, ${count('unchanged')} unchanged; ` +
          `${late} report${late === 1 ? '' : 's'} will count as late; nothing was sent`,
      );
      return errors.length > 0 ? EXIT.failed : EXIT.ok;
    }

    return await submitAll(api, reports, existing, errors, options, io);
  } catch (error) {
    if (error instanceof FatalError) {
      io.out(`import failed: ${error.message}`);
      return EXIT.failed;
    }
    throw error;
  }
}

async function submitAll(
  api: ApiClient,
  reports: PlannedReport[],
  existing: Map<string, ReportDto>,
  earlierErrors: ListedError[],
  options: ImportOptions,
  io: ImportIo,
): Promise<number> {
  let created = 0;
  let unchanged = 0;
  let done = 0;
  const failures: ListedError[] = [];
  const started = Date.now();
  const bar = io.progressStream?.isTTY
    ? new cliProgress.SingleBar(
        {
          format: '{bar} {value}/{total} reports | {rate}/s | ETA {eta_formatted}',
          stream: io.progressStream,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(reports.length, 0, { rate: '0.0' });
  const limit = pLimit(options.concurrency);

  await Promise.all(
    reports.map((report) =>
      limit(async () => {
        const key = `${report.departmentId}|${report.week}`;
        const before = existing.get(key)?.revision ?? 0;
        let outcome: string;
        try {
          const response = await api.request<{ revision: number } & ApiErrorBody>(
            'PUT',
            `/v1/departments/${encodeURIComponent(report.departmentId)}/reports/${report.week}`,
            report.body,
          );
          if (response.status === 200 || response.status === 201) {
            // The API answers an identical resubmit with the latest revision: a higher number than the
            // one read before means this import wrote it (or an earlier attempt of this request did).
            if (response.body.revision > before) {
              created++;
              outcome = `created revision ${response.body.revision}`;
            } else {
              unchanged++;
              outcome = 'unchanged';
            }
          } else {
            const details = response.body?.error?.details ?? [];
            const located = details.length
              ? details.map((detail) => locateFault(detail, report))
              : [{ row: report.rows[0]!, column: null, message: describeFailure(response) }];
            failures.push(
              ...located.map((error) => ({ ...error, department: report.departmentId, week: report.week })),
            );
            outcome = `FAILED ${describeFailure(response)}`;
          }
        } catch (error) {
          failures.push({
            row: report.rows[0]!,
            column: null,
            message: (error as Error).message,
            department: report.departmentId,
            week: report.week,
          });
          outcome = `FAILED ${(error as Error).message}`;
        }
        done++;
        if (bar) {
          const seconds = (Date.now() - started) / 1000;
          bar.update(done, { rate: (done / Math.max(seconds, 0.001)).toFixed(1) });
        } else {
          io.out(`[${done}/${reports.length}] ${report.departmentId} ${report.week}: ${outcome}`);
        }
      }),
    ),
  );
  bar?.stop();

  const failedReports = new Set(failures.map((f) => `${f.department}|${f.week}`)).size;
  if (failures.length > 0) {
    for (const failure of failures) io.out(`${failure.department} ${failure.week}, ${formatError(failure)}`);
  }
  if (options.errorsFile && failures.length + earlierErrors.length > 0) {
    await writeErrorsFile(options.errorsFile, [...earlierErrors, ...failures]);
  }
  if (api.retries > 0) io.out(`${api.retries} request${api.retries === 1 ? '' : 's'} retried`);
  io.out(
    `imported ${created + unchanged} reports (${created} created, ${unchanged} unchanged), ${failedReports} failed`,
  );
  return failedReports > 0 || earlierErrors.length > 0 ? EXIT.failed : EXIT.ok;
}
