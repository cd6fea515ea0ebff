/**
 * The names of the AWS resources a function was deployed with, read from the environment without a
 * schema library: the authorizer, which runs before every private request, needs nothing else from
 * the configuration, and keeping zod out of its bundle saves about 17 ms of CPU per cold start
 * (`npm run bench:cold`). config.ts hands out the same readers.
 */
import { ENV } from './names';

/** A reader that throws a clear error when a function that was deployed without the variable reads it. */
export function requiredVariable(name: string, env: NodeJS.ProcessEnv = process.env): () => string {
  const value = env[name];
  return () => {
    if (!value) throw new Error(`${name} environment variable is not set`);
    return value;
  };
}

export function tableName(env: NodeJS.ProcessEnv = process.env): string {
  return requiredVariable(ENV.tableName, env)();
}

/** Where the OpenAPI document built at synth lies; unset when running from the sources. */
export function openApiFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENV.openApiFile] || undefined;
}

/** Where the report template's skeleton built at synth lies; unset when running from the sources. */
export function reportTemplateFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENV.reportTemplateFile] || undefined;
}

/** Where the time zone's offsets computed at synth lie; unset when running from the sources. */
export function timeZoneFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENV.timeZoneFile] || undefined;
}
