/**
 * The catalog: which themes a report's items fall under and which metrics they may count.
 * One ships with the repository (drawn from the kind of half-year review the reports feed);
 * CATALOG_FILE replaces it as a whole.
 */
import * as z from '../validation/zod';
import defaultCatalogJson from './default-catalog.json';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const Id = z.string().check(z.regex(ID_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,63}$'));

export const AGGREGATES = ['sum', 'latest', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/**
 * A metric's sentence in the review's prose: a clause in which `{value}` stands for the figure with its unit
 * ("分层分类举办专题轮训班，轮训干部{value}" → "…轮训干部1300人次"). Exactly one `{value}`, no other braces, and
 * no closing full stop: the prose joins clauses and adds the comparison after them.
 */
export const SENTENCE_VALUE = '{value}';
export const SentenceTemplate = z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.refine((text) => text.split(SENTENCE_VALUE).length === 2, 'must contain {value} exactly once'),
  z.refine((text) => !/[{}]/.test(text.replace(SENTENCE_VALUE, '')), 'only {value} may appear in braces'),
  z.refine((text) => !/[。；;.]$/.test(text), 'must not end with a full stop or semicolon'),
);

export const ThemeSchema = z.strictObject({
  id: Id,
  title: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The section heading in the review, paired like the seed's ("凝心铸魂赋能\u3000政治建设迈上新高度"). */
  displayTitle: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
});
export const MetricDefinitionSchema = z.strictObject({
  id: Id,
  theme: Id,
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  unit: z.string().check(z.minLength(1), z.maxLength(20)),
  aggregate: z.enum(AGGREGATES),
  sentence: z.optional(SentenceTemplate),
  /** A headline figure opens the district overview; a theme without one contributes its first figure. */
  headline: z.optional(z.boolean()),
});

export const CatalogSchema = z
  .strictObject({
    themes: z.array(ThemeSchema).check(z.minLength(1)),
    metrics: z.array(MetricDefinitionSchema),
  })
  .check(
    z.superRefine((catalog, ctx) => {
      const themeIds = new Set<string>();
      catalog.themes.forEach((theme, index) => {
        if (themeIds.has(theme.id))
          ctx.addIssue({
            code: 'custom',
            path: ['themes', index, 'id'],
            message: `duplicate theme ${theme.id}`,
          });
        themeIds.add(theme.id);
      });
      const metricIds = new Set<string>();
      catalog.metrics.forEach((metric, index) => {
        if (metricIds.has(metric.id))
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', index, 'id'],
            message: `duplicate metric ${metric.id}`,
          });
        metricIds.add(metric.id);
        if (!themeIds.has(metric.theme))
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', index, 'theme'],
            message: `unknown theme ${metric.theme}`,
          });
        if (/^[万亿]/.test(metric.unit))
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', index, 'unit'],
            message: 'a catalog unit is the base unit; 万 and 亿 prefixes are accepted on input',
          });
      });
    }),
  );

export type Theme = z.infer<typeof ThemeSchema>;
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;
export type Catalog = z.infer<typeof CatalogSchema>;

/** Parses a catalog, throwing a message that names every fault (used at cold start and by the local stack). */
export function parseCatalog(json: unknown, source: string): Catalog {
  const result = CatalogSchema.safeParse(json);
  if (!result.success) {
    const faults = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`Invalid catalog in ${source}: ${faults.join('; ')}`);
  }
  return result.data;
}

/**
 * The catalog that ships with the repository, as it is: parsing it would be work at every cold start
 * of every function for a file that never changes at run time. It is validated where it can be wrong:
 * at synth time (it is the default `catalogFile`) and by its unit test.
 */
export const defaultCatalog: Catalog = defaultCatalogJson as Catalog;

/** Lookups built once per catalog. */
export class CatalogIndex {
  readonly themes: ReadonlyMap<string, Theme>;
  readonly metrics: ReadonlyMap<string, MetricDefinition>;

  constructor(readonly catalog: Catalog) {
    this.themes = new Map(catalog.themes.map((theme) => [theme.id, theme]));
    this.metrics = new Map(catalog.metrics.map((metric) => [metric.id, metric]));
  }
}
