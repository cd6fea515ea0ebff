/**
 * Renders summary documents to preview-out/ for a person to look at: the test fixture always, and the
 * SummaryDocument JSON file given as an argument if any. Then, where the tools exist, pictures of them:
 * Chromium prints the HTML to PDF, LibreOffice converts the DOCX to PDF, and pdftoppm turns each page into a
 * PNG. Nothing here is needed by tests; it exists so a layout mistake is seen, not guessed.
 *
 *   npm run preview:docs [-- path/to/summary.json]
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderDocx, renderHtml, renderMarkdown } from '../../shared/domain/documents';
import type { SummaryDocument } from '../../shared/domain/summary';
import { departmentScopeFixture, summaryDocumentFixture } from '../fixtures/summary-document';

const OUT = resolve('preview-out');
const INSTALL_HINT =
  'Debian/Ubuntu: apt-get update && apt-get install -y chromium libreoffice-writer fonts-noto-cjk poppler-utils';

function findTool(candidates: string[]): string | undefined {
  for (const candidate of candidates) {
    if (candidate.startsWith('/') && existsSync(candidate)) return candidate;
    try {
      const found = execFileSync('which', [candidate], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  return undefined;
}

function pdfToPngs(pdftoppm: string | undefined, pdf: string, prefix: string, resolution: number): string[] {
  if (!pdftoppm) return [];
  execFileSync(pdftoppm, ['-png', '-r', String(resolution), pdf, join(OUT, prefix)]);
  return readdirSync(OUT)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(OUT, f));
}

async function render(name: string, doc: SummaryDocument): Promise<string[]> {
  const html = join(OUT, `${name}.html`);
  const md = join(OUT, `${name}.md`);
  const docx = join(OUT, `${name}.docx`);
  writeFileSync(html, renderHtml(doc));
  writeFileSync(md, renderMarkdown(doc));
  writeFileSync(docx, await renderDocx(doc));
  return [html, md, docx];
}

function screenshotHtml(chromium: string, pdftoppm: string | undefined, name: string): string[] {
  const profile = mkdtempSync(join(tmpdir(), 'preview-chromium-'));
  const html = join(OUT, `${name}.html`);
  const pdf = join(OUT, `${name}.html.pdf`);
  const png = join(OUT, `${name}.html-screen.png`);
  const common = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ];
  try {
    execFileSync(
      chromium,
      [...common, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(html).href],
      {
        stdio: 'ignore',
      },
    );
    execFileSync(
      chromium,
      [...common, `--screenshot=${png}`, '--window-size=1240,1754', pathToFileURL(html).href],
      {
        stdio: 'ignore',
      },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return [pdf, png, ...pdfToPngs(pdftoppm, pdf, `${name}.html-page`, 60)];
}

function convertDocx(soffice: string, pdftoppm: string | undefined, name: string): string[] {
  const profile = mkdtempSync(join(tmpdir(), 'preview-soffice-'));
  try {
    execFileSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        OUT,
        join(OUT, `${name}.docx`),
      ],
      { stdio: 'ignore' },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = join(OUT, `${name}.pdf`);
  return [pdf, ...pdfToPngs(pdftoppm, pdf, `${name}.docx-page`, 60)];
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const docs: [string, SummaryDocument][] = [
    ['fixture-district', summaryDocumentFixture()],
    ['fixture-department', departmentScopeFixture('hrss')],
  ];
  const input = process.argv[2];
  if (input) {
    docs.push([
      basename(input).replace(/\.json$/i, ''),
      JSON.parse(readFileSync(input, 'utf8')) as SummaryDocument,
    ]);
  }

  const produced: string[] = [];
  for (const [name, doc] of docs) produced.push(...(await render(name, doc)));

  const chromium = findTool(['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome']);
  const soffice = findTool(['soffice', 'libreoffice']);
  const pdftoppm = findTool(['pdftoppm']);
  const missing: string[] = [];
  if (!chromium) missing.push('chromium (HTML screenshots)');
  if (!soffice) missing.push('libreoffice (DOCX to PDF)');
  if (!pdftoppm) missing.push('pdftoppm from poppler-utils (PDF pages to PNG)');

  for (const [name] of docs) {
    if (chromium) produced.push(...screenshotHtml(chromium, pdftoppm, name));
    if (soffice) produced.push(...convertDocx(soffice, pdftoppm, name));
  }

  console.log(`Wrote ${produced.length} files:`);
  for (const file of produced) console.log(`  ${file}`);
  if (missing.length > 0) {
    console.log(`\nSkipped, tools not found: ${missing.join('; ')}.`);
    console.log(`Install them with: ${INSTALL_HINT}`);
  }
}

await main();
