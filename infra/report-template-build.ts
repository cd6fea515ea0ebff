/**
 * `tsx infra/report-template-build.ts <catalog.json> <output.json>`: builds the report template's skeleton
 * for the catalog and writes it (the bundling command of report-template-file.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCatalog } from '../shared/domain/catalog';
import { buildTemplateSkeleton } from '../shared/domain/workbook/template-skeleton-builder';

const [catalogPath, output] = process.argv.slice(2);
if (!catalogPath || !output) throw new Error('usage: report-template-build.ts <catalog.json> <output.json>');
const catalog = parseCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')), catalogPath);
writeFileSync(output, JSON.stringify(await buildTemplateSkeleton(catalog)));
