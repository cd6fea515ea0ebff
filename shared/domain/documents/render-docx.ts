/**
 * The summary as a Word document, built with the `docx` package (never by concatenating XML: docx writes
 * every text node through its serializer, which escapes it). Real Heading1/Heading2 styles for Word's
 * navigation pane, native tables, "第 X 页 共 Y 页" in the footer, A4 with the margins of GB/T 9704.
 *
 * Fonts: body 仿宋, tables 宋体, headings 黑体, set as the East Asian font of each style (w:rFonts
 * w:eastAsia) with Times New Roman for Latin text, as Chinese Word installs have them. LibreOffice on
 * Linux has none of these and substitutes through fontconfig (Noto CJK when installed); the runs also
 * carry lang eastAsia="zh-CN" so it picks a Chinese, not a Japanese, face for the substitution.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import { DateTime } from 'luxon';
import type { SummaryDocument } from '../summary';
import { STATUS_STYLE, trendMetrics, weeklyPeak } from './charts';
import { byDepartmentName } from './display-order';
import { buildContent, type CoverageRow, type DocumentContent, type FigureRow } from './content';
import { formatQuantity, formatWeek, isZero, type FormattedNumber } from './number-format';

const LATIN_FONT = 'Times New Roman';
const BODY_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: '仿宋' };
const TABLE_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: '宋体' };
const HEADING_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: '黑体' };
const TITLE_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: '宋体' };
const LANGUAGE = { value: 'en-US', eastAsia: 'zh-CN' };

/** A4 in twips, and the margins of GB/T 9704 (37/35/28/26 mm). */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const TABLE_STYLE_ID = 'TableText';
const BULLET_REFERENCE = 'highlights';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8C8279' };
const TABLE_BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
};
const HEADER_FILL = 'EFE9E4';

type Align = 'left' | 'right' | 'center';

const ALIGNMENT: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
};

interface CellSpec {
  text: string;
  /** A second, smaller grey line: the exact value under a rounded one. */
  sub?: string;
  align?: Align;
  bold?: boolean;
  fill?: string;
  colour?: string;
  size?: number;
}

/**
 * Runs for a piece of text, a report's line breaks kept as Word line breaks (a bare "\n" in w:t would
 * show as a space).
 */
function textRuns(text: string, options: Omit<IRunOptions, 'text' | 'break' | 'children'> = {}): TextRun[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) => new TextRun({ ...options, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

function cellOf(spec: CellSpec, width: number, header: boolean): TableCell {
  const run = {
    bold: header || spec.bold === true,
    ...(spec.colour ? { color: spec.colour } : {}),
    ...(spec.size ? { size: spec.size } : {}),
  };
  // Padding is set once per table (tblCellMar) rather than on every cell: the docx package's cost grows
  // with the number of XML elements, and a 500-department district has tens of thousands of cells.
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    ...(header || spec.fill
      ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: spec.fill ?? HEADER_FILL } }
      : {}),
    children: [
      new Paragraph({
        style: TABLE_STYLE_ID,
        alignment: ALIGNMENT[header ? 'center' : (spec.align ?? 'left')],
        children: [
          ...textRuns(spec.text, run),
          ...(spec.sub ? [new TextRun({ text: spec.sub, break: 1, size: 16, color: '777777' })] : []),
        ],
      }),
    ],
  });
}

/** Tables up to this many rows are kept on one page; longer ones break, their header row repeated. */
const KEEP_TOGETHER_ROWS = 16;

/** A table of the given column widths (fractions of the text width). */
function table(widths: number[], header: CellSpec[], rows: CellSpec[][], padding = 80): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const columns = widths.map((w) => Math.floor((CONTENT_WIDTH * w) / total));
  const keepTogether = rows.length <= KEEP_TOGETHER_ROWS;
  const row = (cells: CellSpec[], isHeader: boolean, last: boolean): TableRow =>
    new TableRow({
      tableHeader: isHeader,
      cantSplit: true,
      keepNext: isHeader || (keepTogether && !last),
      children: cells.map((c, i) => cellOf(c, columns[i] ?? 0, isHeader)),
    });
  return new Table({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: { top: 40, bottom: 40, left: padding, right: padding },
    rows: [row(header, true, rows.length === 0), ...rows.map((r, i) => row(r, false, i === rows.length - 1))],
  });
}

function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: textRuns(text) });
}

function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: textRuns(text) });
}

function body(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 560 }, children: textRuns(text) });
}

/** The small print at the end: provenance and the rounding note. */
function note(text: string): Paragraph {
  return new Paragraph({
    spacing: { line: 320, after: 60 },
    children: textRuns(text, { size: 20, color: '555555', font: TABLE_FONT }),
  });
}

function spacer(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 200 }, children: [] });
}

const ARROWS = { up: '↑ ', down: '↓ ', flat: '', none: '' } as const;
const CHANGE_COLOURS = { up: 'A3251D', down: '1F5F99', flat: '666666', none: '666666' } as const;

function figuresTable(figures: FigureRow[], previousPeriodTitle: string): Table {
  return table(
    [34, 20, 28, 18],
    [{ text: '指标' }, { text: '本期' }, { text: `上期（${previousPeriodTitle}）` }, { text: '较上期' }],
    figures.map((f) => [
      { text: f.note ? `${f.label}（${f.note}）` : f.label },
      quantityCell(f.value),
      f.previous ? quantityCell(f.previous) : { text: '—', align: 'right' },
      {
        text: `${ARROWS[f.change.direction]}${f.change.text}`,
        ...(f.change.approximate ? { sub: `（${f.change.exact}）` } : {}),
        align: 'right',
        colour: CHANGE_COLOURS[f.change.direction],
      },
    ]),
  );
}

/** A figure in a table cell, its exact value beneath when the figure is rounded. */
function quantityCell(q: FormattedNumber): CellSpec {
  return { text: q.text, align: 'right', ...(q.approximate ? { sub: `（${q.exact}）` } : {}) };
}

/** The headline figures as a grid of three "cards": a large number over its label. */
function headlineGrid(figures: FigureRow[]): Table {
  const perRow = 3;
  const width = Math.floor(CONTENT_WIDTH / perRow);
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const rows: TableRow[] = [];
  for (let i = 0; i < figures.length; i += perRow) {
    const slice = figures.slice(i, i + perRow);
    while (slice.length < perRow) slice.push(undefined as unknown as FigureRow);
    rows.push(
      new TableRow({
        cantSplit: true,
        children: slice.map(
          (f) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              margins: { top: 80, bottom: 80, left: 120, right: 120 },
              shading: f ? { type: ShadingType.CLEAR, color: 'auto', fill: 'FBF5F1' } : undefined,
              children: f
                ? [
                    new Paragraph({
                      style: TABLE_STYLE_ID,
                      children: [
                        new TextRun({
                          text: f.value.text,
                          bold: true,
                          size: 32,
                          color: '9B1C1C',
                          font: HEADING_FONT,
                        }),
                      ],
                    }),
                    new Paragraph({
                      style: TABLE_STYLE_ID,
                      children: textRuns(f.label, { color: '444444' }),
                    }),
                  ]
                : [new Paragraph({ children: [] })],
            }),
        ),
      }),
    );
  }
  return new Table({
    width: { size: width * perRow, type: WidthType.DXA },
    columnWidths: Array.from({ length: perRow }, () => width),
    layout: TableLayoutType.FIXED,
    borders: {
      top: none,
      bottom: none,
      left: none,
      right: none,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows,
  });
}

function coverageCells(row: CoverageRow, bold = false): CellSpec[] {
  return [
    { text: row.name, bold },
    ...[row.expected, row.submitted, row.onTime, row.late, row.missing, row.onTimeRate].map(
      (text): CellSpec => ({ text, align: 'right', bold }),
    ),
  ];
}

/** The heat map as a table of shaded cells: one row per department, one narrow column per week. */
function coverageGrid(doc: SummaryDocument): Table | undefined {
  const rows = byDepartmentName(doc, doc.coverage.grid);
  const weeks = rows[0]?.weeks ?? [];
  if (weeks.length === 0) return undefined;
  const names = new Map(doc.coverage.byDepartment.map((d) => [d.departmentId, d.name]));
  const widths = [6.5, ...weeks.map(() => 1)];
  const header: CellSpec[] = [
    { text: '单位＼周' },
    ...weeks.map((w) => ({ text: formatWeek(w.week).replace(/[第周]/g, ''), size: 12 })),
  ];
  return table(
    widths,
    header,
    rows.map((row) => [
      { text: names.get(row.departmentId) ?? row.departmentId, size: 18 },
      ...row.weeks.map((w) => {
        const style = STATUS_STYLE[w.status];
        return {
          text: style.mark,
          fill: style.fill.replace('#', '').toUpperCase(),
          colour: 'FFFFFF',
          size: 14,
          bold: true,
          align: 'center' as const,
        };
      }),
    ]),
    // Narrow week columns: almost no padding, or two-digit week numbers wrap.
    20,
  );
}

function legend(): Paragraph {
  const runs: TextRun[] = [new TextRun({ text: '图例：', size: 18 })];
  for (const [status, style] of Object.entries(STATUS_STYLE)) {
    runs.push(
      new TextRun({
        text: style.mark || '\u3000',
        size: 18,
        bold: true,
        color: 'FFFFFF',
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: style.fill.replace('#', '').toUpperCase() },
        // A white swatch needs an outline to be seen at all.
        ...(status === 'not-due'
          ? { border: { style: BorderStyle.SINGLE, size: 4, color: 'AAAAAA', space: 0 } }
          : {}),
      }),
      new TextRun({ text: ` ${style.label}\u3000`, size: 18 }),
    );
  }
  return new Paragraph({ style: TABLE_STYLE_ID, spacing: { before: 80 }, children: runs });
}

function trendTable(doc: SummaryDocument): Table | undefined {
  const metrics = trendMetrics(doc);
  if (metrics.length === 0) return undefined;
  return table(
    [40, 20, 30, 10],
    [{ text: '指标' }, { text: '合计' }, { text: '单周最高' }, { text: '周数' }],
    metrics.map((m) => {
      const peak = weeklyPeak(m);
      const reported = m.weekly.filter((p) => !isZero(p.value)).length;
      return [
        { text: m.label },
        quantityCell(formatQuantity(m.value, m.unit)),
        peak
          ? {
              ...quantityCell(formatQuantity(peak.value, m.unit)),
              text: `${formatWeek(peak.week)}：${formatQuantity(peak.value, m.unit).text}`,
            }
          : { text: '—', align: 'right' },
        { text: String(reported), align: 'right' },
      ];
    }),
  );
}

function children(doc: SummaryDocument, c: DocumentContent): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  if (c.orgLine) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: textRuns(c.orgLine, { bold: true, color: 'B71C1C', font: HEADING_FONT, size: 28 }),
      }),
    );
  }
  out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: textRuns(c.title) }));
  if (c.subtitle) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: textRuns(c.subtitle, { size: 22, color: '555555', font: TABLE_FONT }),
      }),
    );
  }

  out.push(heading1('总体情况'), body(c.overview));
  if (c.headlineFigures.length > 0) out.push(headlineGrid(c.headlineFigures), spacer());
  out.push(body(c.coverageSentence));

  for (const theme of c.themes) {
    out.push(heading1(theme.heading), heading2('主要数据'));
    if (theme.figures.length === 0) out.push(body('本期暂无该方面的统计数据。'));
    else out.push(figuresTable(theme.figures, c.previousPeriodTitle), spacer());
    out.push(heading2('工作亮点'));
    if (theme.highlights.length === 0) out.push(body('本期暂无报送的工作亮点。'));
    for (const hl of theme.highlights) {
      out.push(
        new Paragraph({
          numbering: { reference: BULLET_REFERENCE, level: 0 },
          children: [
            ...textRuns(hl.title, { bold: true }),
            ...(hl.detail ? textRuns(`：${hl.detail}`) : []),
            ...textRuns(` ——${hl.departmentName}，${hl.weekLabel}`, { color: '666666', size: 24 }),
          ],
        }),
      );
    }
  }

  out.push(
    heading1(c.rankingHeading),
    heading2('按时报送率'),
    table(
      [10, 50, 20, 20],
      [{ text: '名次' }, { text: '单位' }, { text: '按时率' }, { text: '按时/应报' }],
      c.onTimeRanking.map((r) => [
        { text: r.rank, align: 'center' },
        { text: r.name },
        { text: r.rate, align: 'right' },
        { text: `${r.onTime}/${r.expected}`, align: 'right' },
      ]),
    ),
    heading2('工作亮点报送数量'),
    table(
      [10, 70, 20],
      [{ text: '名次' }, { text: '单位' }, { text: '亮点数' }],
      c.highlightRanking.map((r) => [
        { text: r.rank, align: 'center' },
        { text: r.name },
        { text: r.highlights, align: 'right' },
      ]),
    ),
  );

  out.push(
    heading1(c.coverageHeading),
    table(
      [34, 11, 11, 11, 11, 11, 11],
      ['单位', '应报', '已报', '按时', '逾期', '未报', '按时率'].map((text) => ({ text })),
      [...c.coverageRows.map((r) => coverageCells(r)), coverageCells(c.coverageTotal, true)],
    ),
  );
  const grid = coverageGrid(doc);
  if (grid) out.push(heading2('逐周报送情况'), grid, legend());
  const trend = trendTable(doc);
  if (trend) out.push(heading2(c.trendHeading), trend);

  out.push(
    new Paragraph({
      spacing: { before: 240, line: 200 },
      border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'AAAAAA', space: 4 } },
      children: [],
    }),
    note(c.provenance),
    note(c.roundingNote),
  );
  return out;
}

/**
 * The package's core properties with fixed timestamps. docx stamps `dcterms:created`/`modified` with the
 * wall clock and has no option for them, so this part is given as an override; the timestamps come from
 * generatedAt, which keeps the whole package reproducible. Title and creator are escaped here because this
 * small fixed part is the one piece of XML docx does not write for us.
 */
function corePropertiesXml(title: string, creator: string, generatedAt: string): string {
  const instant = DateTime.fromISO(generatedAt, { zone: 'utc' });
  const stamp = (instant.isValid ? instant : DateTime.fromMillis(0, { zone: 'utc' })).toFormat(
    "yyyy-MM-dd'T'HH:mm:ss'Z'",
  );
  const x = (text: string): string =>
    text.replace(
      /[&<>"']/g,
      (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch,
    );
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${x(title)}</dc:title>`,
    `<dc:creator>${x(creator)}</dc:creator>`,
    `<cp:lastModifiedBy>${x(creator)}</cp:lastModifiedBy>`,
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

export async function renderDocx(doc: SummaryDocument): Promise<Uint8Array> {
  const c = buildContent(doc);
  const document = new Document({
    title: c.title,
    creator: doc.orgName,
    lastModifiedBy: doc.orgName,
    description: `${doc.scopeName} ${doc.periodTitle}`,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: 28, language: LANGUAGE },
          paragraph: { spacing: { line: 440, before: 0, after: 60 } },
        },
        title: {
          run: { font: TITLE_FONT, size: 40, bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120, line: 560 } },
        },
        heading1: {
          run: { font: HEADING_FONT, size: 32, bold: false, color: '000000' },
          paragraph: { spacing: { before: 360, after: 120, line: 440 }, keepNext: true, keepLines: true },
        },
        heading2: {
          run: { font: HEADING_FONT, size: 28, bold: false, color: '333333' },
          paragraph: { spacing: { before: 200, after: 80, line: 400 }, keepNext: true, keepLines: true },
        },
      },
      paragraphStyles: [
        {
          id: TABLE_STYLE_ID,
          name: 'Table Text',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: TABLE_FONT, size: 21 },
          paragraph: { spacing: { line: 300, before: 0, after: 0 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: BULLET_REFERENCE,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '●',
              alignment: AlignmentType.LEFT,
              style: {
                paragraph: { indent: { left: 440, hanging: 300 } },
                run: { size: 16, color: '9B1C1C' },
              },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: 1134 },
            pageNumbers: { start: 1 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: TABLE_FONT,
                    size: 21,
                    children: ['第 ', PageNumber.CURRENT, ' 页  共 ', PageNumber.TOTAL_PAGES, ' 页'],
                  }),
                ],
              }),
            ],
          }),
        },
        children: children(doc, c),
      },
    ],
  });
  return Packer.pack(document, 'uint8array', false, [
    { path: 'docProps/core.xml', data: corePropertiesXml(c.title, doc.orgName, doc.generatedAt) },
  ]);
}
