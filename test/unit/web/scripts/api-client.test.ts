import { routes } from '../../../../functions/routes';
import { EDITORIAL_LIMITS } from '../../../../shared/domain/editorial';
import { PeriodParam, Week } from '../../../../shared/http/schemas';
import * as z from '../../../../shared/validation/zod';
import { generatedFiles } from '../../../../web/scripts/api-client';

describe('the web app’s generated API client', () => {
  let files: Record<string, string>;
  beforeAll(async () => {
    files = await generatedFiles();
  });

  it('types every route of the route table, so the app can call none that is gone', () => {
    const schema = files['schema.d.ts'] ?? '';
    for (const route of routes) {
      const at = schema.indexOf(`"${route.path}": {`);
      expect(at).toBeGreaterThan(-1);
      // The path's own block, up to its closing brace at the same indentation.
      const block = schema.slice(at, schema.indexOf('\n    };', at));
      expect(block).toContain(`${route.method.toLowerCase()}: operations[`);
    }
  });

  it('hands the app the patterns the API validates periods and weeks with', () => {
    const contract = files['contract.ts'] ?? '';
    expect(contract).toContain(
      `PERIOD_PATTERN = ${JSON.stringify(z.globalRegistry.get(PeriodParam)?.pattern)}`,
    );
    expect(contract).toContain(`WEEK_PATTERN = ${JSON.stringify(z.globalRegistry.get(Week)?.pattern)}`);
  });

  it('hands the app the limits the API sets on editorial texts', () => {
    expect(files['contract.ts']).toContain(`EDITORIAL_LIMITS = ${JSON.stringify(EDITORIAL_LIMITS)} as const`);
  });
});
