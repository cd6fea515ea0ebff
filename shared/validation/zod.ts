/**
 * zod as every schema in the functions uses it: the functional `zod/mini` API, which esbuild shakes down
 * to the checks a bundle's schemas use, instead of the full API, whose method-laden classes load whole
 * (README "Cold start"). Import it as `import * as z from '…/validation/zod'`, never from 'zod' or
 * 'zod/mini' directly, so that no bundle carries both APIs and every parse speaks English. (A namespace
 * import of this module shakes like one of 'zod/mini'; re-exporting a namespace object would not, and
 * would bring every locale and the JSON Schema generator into each bundle.)
 *
 * The full API configures zod's English messages when it loads; `zod/mini` configures none and would
 * answer every fault with "Invalid input". The messages are part of the API's behaviour (`details[].message`,
 * and the configuration errors), so the English locale is configured here, once, before any schema in a
 * bundle can parse.
 */
import { config, globalRegistry, type core, type ZodMiniType } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';

/**
 * The full API's `schema.meta(data)`: a copy of the schema with `data` in the global registry (the one
 * `z.toJSONSchema` reads: description, example, format, `id` for a named component). A copy, not the
 * schema itself, because one schema (an id, a week) is described differently where it is used. It does
 * what the full API's `.meta(data)` does, step for step, so the OpenAPI document stays what the full API
 * made of the same contracts.
 */
export function withMeta<T extends ZodMiniType>(schema: T, data: core.GlobalMeta): T {
  const copy = schema.clone();
  globalRegistry.add(copy, data);
  return copy;
}
