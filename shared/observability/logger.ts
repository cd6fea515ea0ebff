/**
 * One Powertools logger for the process: structured JSON lines, the service name from
 * POWERTOOLS_SERVICE_NAME, and the request id appended per invocation by the HTTP middleware.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'showcase' });
