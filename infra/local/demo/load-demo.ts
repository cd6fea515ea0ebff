/**
 * Loads the demo data set through the same use cases the HTTP API runs (an admin importing history
 * with submittedAt), stores the reviewer's closing 下一步 text as an editorial, then requests the 2023-H1
 * and 2023-Q1 summaries and the 2023-W09 showcase the way a reviewer would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  editorialDependencies,
  reportDependencies,
  repositories,
  requestSummaryDependencies,
} from '../../../shared/adapters/dependencies';
import { config } from '../../../shared/config/config';
import type { Principal } from '../../../shared/domain/access';
import { putDepartment } from '../../../shared/use-cases/departments';
import { putEditorial } from '../../../shared/use-cases/editorials';
import { submitReport } from '../../../shared/use-cases/reports';
import { requestSummary } from '../../../shared/use-cases/summaries';
import { createToken } from '../../../shared/use-cases/tokens';
import { DEMO_DEPARTMENTS, DEMO_EDITORIAL, demoReports } from './demo-data';

import { DEMO_PERIOD, DEMO_QUARTER, DEMO_WEEK } from './periods';

export { DEMO_PERIOD, DEMO_QUARTER, DEMO_WEEK };
const DEMO_TOKENS_FILE = 'demo-tokens.json';

export interface DemoTokens {
  reviewer: string;
  department: { departmentId: string; name: string; token: string };
}

const importer: Principal = { tokenId: 'demo-import', role: 'admin' };

export async function loadDemo(dataDir: string): Promise<DemoTokens> {
  const deps = repositories();
  for (const department of DEMO_DEPARTMENTS) await putDepartment(deps, department);

  const reportDeps = reportDependencies();
  for (const report of demoReports(config().deadline)) {
    await submitReport(reportDeps, { ...report, principal: importer });
  }

  const reviewer = await createToken(deps, { role: 'reviewer', label: 'demo reviewer' });
  const department = DEMO_DEPARTMENTS[0]!;
  const departmentToken = await createToken(deps, {
    role: 'department',
    departmentId: department.departmentId,
    label: `demo ${department.name}`,
  });
  const tokens: DemoTokens = {
    reviewer: reviewer.secret,
    department: {
      departmentId: department.departmentId,
      name: department.name,
      token: departmentToken.secret,
    },
  };
  // Kept beside the data, so that a restart can print the same tokens again.
  writeFileSync(join(dataDir, DEMO_TOKENS_FILE), `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });

  // Only the closing section: the overview and theme leads of the demo are the generated ones.
  await putEditorial(editorialDependencies(), {
    period: DEMO_PERIOD,
    content: DEMO_EDITORIAL,
    principal: { tokenId: reviewer.record.tokenId, role: 'reviewer' },
  });

  for (const period of [DEMO_PERIOD, DEMO_QUARTER, DEMO_WEEK]) {
    await requestSummary(requestSummaryDependencies(), {
      period,
      principal: { tokenId: reviewer.record.tokenId, role: 'reviewer' },
    });
  }
  return tokens;
}

export function savedDemoTokens(dataDir: string): DemoTokens | undefined {
  const file = join(dataDir, DEMO_TOKENS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoTokens) : undefined;
}
