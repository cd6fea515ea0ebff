/**
 * What the local stack puts into its data dir at start: the ADMIN_TOKEN, and the demo data set when asked.
 */
import { repositories } from '../../shared/adapters/dependencies';
import { ConflictError } from '../../shared/errors/app-error';
import { registerToken } from '../../shared/use-cases/tokens';
import { loadDemo, savedDemoTokens, type DemoTokens } from './demo/load-demo';

export async function prepareLocalData(options: {
  dataDir: string;
  adminToken?: string;
  demo: boolean;
}): Promise<DemoTokens | undefined> {
  const deps = repositories();
  if (options.adminToken) {
    try {
      await registerToken(deps, options.adminToken, {
        role: 'admin',
        label: 'ADMIN_TOKEN of the local stack',
      });
    } catch (error) {
      // Registered on an earlier start: the data dir keeps it.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  if (options.demo) return loadDemo(options.dataDir);
  return savedDemoTokens(options.dataDir);
}
