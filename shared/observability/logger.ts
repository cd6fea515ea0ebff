/**
 * One Powertools logger for the process: structured JSON lines, the service name from
 * POWERTOOLS_SERVICE_NAME, and the request id appended per invocation by the HTTP middleware.
 *
 * A logged error's stack points at the TypeScript sources (source-mapped-stack.ts): the bundles run
 * without `--enable-source-maps`, so the map is read only when something fails.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { withSourceMappedStack } from './source-mapped-stack';

export const logger = new Logger({
  serviceName: 'showcase',
  // Called before Powertools' own formatting of errors, which then formats the mapped copy.
  jsonReplacerFn: (_key, value) => (value instanceof Error ? withSourceMappedStack(value) : value),
});
