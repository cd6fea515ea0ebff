/**
 * `tsx infra/report-template-build.ts <catalog.json>`: builds the report template's skeleton for the
 * catalog, writes it to a file named by its content's hash and prints the file's path (the child process
 * of report-template-file.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCatalog } from '../shared/domain/catalog';
import { buildTemplateSkeleton } from '../shared/domain/workbook/template-skeleton-builder';

const catalogPath = process.argv[2];
if (!catalogPath) throw new Error('usage: report-template-build.ts <catalog.json>');
const catalog = parseCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')), catalogPath);
const json = JSON.stringify(await buildTemplateSkeleton(catalog));
const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
const path = join(tmpdir(), `showcase-report-template-${hash}.json`);
writeFileSync(path, json);
process.stdout.write(`${path}\n`);
