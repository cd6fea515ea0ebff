/**
 * The summary as a Word document in the form of an official document (GB/T 9704 where it applies), built
 * with the `docx` package (never by concatenating XML: docx writes every text node through its serializer,
 * which escapes it). A4 with the standard's margins; title in a 小标宋 face, 二号; body 仿宋 三号 on a
 * fixed 28-point line; level-one headings 黑体, level-two 楷体; page numbers "— 1 —" in 宋体 四号; the
 * issuer and date at the end; the appendix on a page of its own. Real Heading styles for Word's navigation
 * pane, native tables, and 图1 as native Word column charts (docx/charts), so it is the same figure as the
 * HTML's without rasterising anything.
 *
 * Fonts: each style names its East Asian face (w:rFonts w:eastAsia) with Times New Roman for Latin text, as
 * Chinese Word installs have them, and the font table names each face's fallbacks (w:altName), so that
 * LibreOffice, which has none of these on Linux, substitutes a serif (Noto Serif CJK) rather than one sans
 * face for everything. The runs carry lang eastAsia="zh-CN" so the substitution picks a Chinese face.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  PageBreak,
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
  type IContext,
  type IParagraphOptions,
  type IRunOptions,
  type IXmlableObject,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { DateTime } from 'luxon';
import type { SummaryDocument } from '../summary';
import { STATUS_STYLE, monthSpans, scaledValue, trendPanels } from './charts';
import { byDepartmentName } from './display-order';
import { type CoverageRow, type DocumentContent, type FigureRow, type ThemeContent } from './content';
import { contentOf } from './content-once';
import type { FormattedNumber } from './number-format';
import { packageParts, stablePackage } from './stable-package';

const LATIN_FONT = 'Times New Roman';
const face = (eastAsia: string) => ({ ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia });
const TITLE_FONT = face('方正小标宋简体');
const BODY_FONT = face('仿宋');
const HEI_FONT = face('黑体');
const KAI_FONT = face('楷体');
// 宋体 by its English name, which Word knows as well and fontconfig maps to a serif (the Chinese one it does not).
const TABLE_FONT = face('SimSun');
const LANGUAGE = { value: 'en-US', eastAsia: 'zh-CN' };

/**
 * The font table: each East Asian face with the names it goes by elsewhere, in the order a substitute should
 * be tried (w:altName holds one name; LibreOffice and Word read it when the face itself is missing).
 */
const FONT_TABLE: { name: string; altName: string; family: 'roman' | 'modern' | 'swiss'; pitch: string }[] = [
  { name: 'Times New Roman', altName: 'Liberation Serif', family: 'roman', pitch: 'variable' },
  { name: '方正小标宋简体', altName: 'Noto Serif CJK SC', family: 'roman', pitch: 'variable' },
  { name: '仿宋', altName: 'FangSong', family: 'modern', pitch: 'fixed' },
  { name: '楷体', altName: 'KaiTi', family: 'modern', pitch: 'fixed' },
  { name: '黑体', altName: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: '宋体', altName: 'SimSun', family: 'roman', pitch: 'variable' },
  { name: 'FangSong', altName: 'Noto Serif CJK SC', family: 'modern', pitch: 'fixed' },
  { name: 'KaiTi', altName: 'Noto Serif CJK SC', family: 'modern', pitch: 'fixed' },
  { name: 'SimHei', altName: 'Noto Sans CJK SC', family: 'swiss', pitch: 'variable' },
  { name: 'SimSun', altName: 'Noto Serif CJK SC', family: 'roman', pitch: 'variable' },
  { name: 'Noto Serif CJK SC', altName: 'Source Han Serif SC', family: 'roman', pitch: 'variable' },
  { name: 'Noto Sans CJK SC', altName: 'Source Han Sans SC', family: 'swiss', pitch: 'variable' },
];

function fontTableXml(): string {
  const fonts = FONT_TABLE.map(
    (font) =>
      `<w:font w:name="${font.name}"><w:altName w:val="${font.altName}"/>` +
      `<w:charset w:val="${font.name === 'Times New Roman' ? '00' : '86'}"/><w:family w:val="${font.family}"/>` +
      `<w:pitch w:val="${font.pitch}"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    fonts.join('') +
    '</w:fonts>'
  );
}

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, page: 28, table: 21, small: 18 };
/** The fixed line of GB/T 9704 body text: 22 lines on a page of 225 mm text height is about 28.9 pt. */
const BODY_LINE = 578;

/** A4 in twips, and the margins of GB/T 9704 (37/35/28/26 mm). */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const TABLE_STYLE_ID = 'TableText';
const HEADER_FILL = 'F2F2F2';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '555555' };
const TABLE_BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
};

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
  /** Columns the cell spans (a month over its weeks); 1 when absent. */
  span?: number;
}

/**
 * Run and paragraph properties formatted once per process for each set of options. A department document
 * has a few hundred runs and paragraphs but only a few dozen kinds of them (body text, a highlight's 楷体
 * title, table text, captions …), and docx formats each one's w:rPr or w:pPr anew, component by component.
 * Their XML depends on their options alone as long as the options are of the kinds listed here (fonts,
 * sizes, colours, spacing …: nothing that refers to numbering, styles' ids being plain text, relationships
 * or anything else of the document), so the first formatting of each set of options is kept and given to
 * every later run or paragraph with the same options, as PreparedCell does for whole cells. Options of any
 * other kind, or properties that docx has added to since (a paragraph that ends a section), format as
 * before. Bounded like the cells.
 */
const PLAIN_RUN_OPTIONS = new Set(['bold', 'font', 'size', 'color', 'shading', 'border']);
const PLAIN_PARAGRAPH_OPTIONS = new Set([
  'alignment',
  'keepNext',
  'keepLines',
  'spacing',
  'heading',
  'style',
  'indent',
  'autoSpaceEastAsianText',
  'overflowPunctuation',
  'widowControl',
]);
/** What a run or paragraph has besides its properties: not part of the key. */
const CONTENT_OPTIONS = new Set(['text', 'break', 'children']);
const FORMATTED_PROPERTIES = new Map<string, IXmlableObject | undefined>();
const MAX_FORMATTED_PROPERTIES = 2000;

type Properties = Partial<FormattedPart> & { root?: unknown };

/** The key of a run's or paragraph's properties, or undefined when they are not all plain (see above). */
function propertiesKey(kind: string, options: object, plain: ReadonlySet<string>): string | undefined {
  const described: [string, unknown][] = [];
  for (const [name, value] of Object.entries(options)) {
    if (CONTENT_OPTIONS.has(name) || value === undefined) continue;
    if (!plain.has(name)) return undefined;
    described.push([name, value]);
  }
  return `${kind}${JSON.stringify(described)}`;
}

/**
 * Makes the component's properties answer with the XML kept for `key`: `known` when given (kept before the
 * component was made, which holds even if the cache starts over meanwhile), else what its own first
 * formatting gives, which is then kept.
 */
function shareProperties(component: object, key: string, known?: { xml: IXmlableObject | undefined }): void {
  const properties = (component as { properties?: Properties }).properties;
  if (typeof properties?.prepForXml !== 'function' || !Array.isArray(properties.root)) return;
  const root: unknown[] = properties.root;
  const size = root.length;
  const prepare = properties.prepForXml.bind(properties);
  properties.prepForXml = (context) => {
    if (root.length !== size) return prepare(context);
    if (known) return known.xml;
    if (FORMATTED_PROPERTIES.has(key)) return FORMATTED_PROPERTIES.get(key);
    const xml = prepare(context);
    if (FORMATTED_PROPERTIES.size >= MAX_FORMATTED_PROPERTIES) FORMATTED_PROPERTIES.clear();
    FORMATTED_PROPERTIES.set(key, xml);
    return xml;
  };
}

/**
 * A text run. Once its properties' XML is known, the run is made with its text and breaks alone, so that
 * docx does not build the property components (one per font, size, colour …) only for them to go unused.
 */
function runOf(options: IRunOptions): TextRun {
  const key = options.children === undefined ? propertiesKey('w:rPr', options, PLAIN_RUN_OPTIONS) : undefined;
  if (key === undefined) return new TextRun(options);
  if (FORMATTED_PROPERTIES.has(key)) {
    const content: IRunOptions = {
      ...(options.text !== undefined ? { text: options.text } : {}),
      ...(options.break !== undefined ? { break: options.break } : {}),
    };
    const made = new TextRun(content);
    shareProperties(made, key, { xml: FORMATTED_PROPERTIES.get(key) });
    return made;
  }
  const made = new TextRun(options);
  shareProperties(made, key);
  return made;
}

/**
 * A paragraph of the body, made like runOf's runs: once its properties' XML is known, with its children
 * alone. docx keeps a paragraph's alignment apart only for the cells a table adds under a cell merged down
 * rows, and these paragraphs are never in a table (cells make their own, newCell).
 */
function paragraphOf(options: IParagraphOptions): Paragraph {
  const key = propertiesKey('w:pPr', options, PLAIN_PARAGRAPH_OPTIONS);
  if (key === undefined || options.text !== undefined) return new Paragraph(options);
  if (FORMATTED_PROPERTIES.has(key)) {
    const made = new Paragraph({ children: options.children ?? [] });
    shareProperties(made, key, { xml: FORMATTED_PROPERTIES.get(key) });
    return made;
  }
  const made = new Paragraph(options);
  shareProperties(made, key);
  return made;
}

/**
 * Runs for a piece of text, a report's line breaks kept as Word line breaks (a bare "\n" in w:t would
 * show as a space).
 */
function textRuns(text: string, options: Omit<IRunOptions, 'text' | 'break' | 'children'> = {}): TextRun[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) => runOf({ ...options, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

/**
 * A table cell that works out its XML once and gives the same on every later use. docx's cost is per element
 * (every cell is a tc, tcPr, tcW, vAlign, p, pPr, r, rPr, … of components, each formatted on every use), and
 * most cells of these documents recur: header cells, "—", the labels of figures that every department document
 * shares, and above all the coverage grid's status marks, of which a district has thousands of a handful of
 * kinds. A cell of text runs only has XML that does not depend on where it stands (no relationships, ids or
 * numbering), so one instance can stand in every row that needs it; docx reads what it formatted and never
 * changes it (a row adds keepNext to a copy).
 */
class PreparedCell extends TableCell {
  private xml: IXmlableObject | undefined;

  override prepForXml(context: IContext): IXmlableObject | undefined {
    this.xml ??= super.prepForXml(context);
    return this.xml;
  }
}

/**
 * Cells by what they show, shared by the documents one process renders (a generation's departments share
 * their header and label cells). Bounded, as a warm Lambda renders one generation after another: when full it
 * starts again, which costs one more formatting of each cell still in use.
 */
const PREPARED_CELLS = new Map<string, PreparedCell>();
const MAX_PREPARED_CELLS = 2000;

function cellOf(spec: CellSpec, width: number, header: boolean): TableCell {
  // The whole spec, so that a field added to CellSpec can never make two different cells share one entry.
  const key = JSON.stringify([spec, width, header]);
  const cached = PREPARED_CELLS.get(key);
  if (cached) return cached;
  if (PREPARED_CELLS.size >= MAX_PREPARED_CELLS) PREPARED_CELLS.clear();
  const cell = newCell(spec, width, header);
  PREPARED_CELLS.set(key, cell);
  return cell;
}

/** A cell as docx builds it: a function of its arguments alone, which is what lets cellOf share it. */
function newCell(spec: CellSpec, width: number, header: boolean): PreparedCell {
  const run = {
    bold: header || spec.bold === true,
    ...(spec.colour ? { color: spec.colour } : {}),
    ...(spec.size ? { size: spec.size } : {}),
  };
  // Padding is set once per table (tblCellMar) rather than on every cell: the docx package's cost grows
  // with the number of XML elements, and a 500-department district has tens of thousands of cells.
  return new PreparedCell({
    width: { size: width, type: WidthType.DXA },
    ...(spec.span !== undefined && spec.span > 1 ? { columnSpan: spec.span } : {}),
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
  const row = (cells: CellSpec[], isHeader: boolean, last: boolean): TableRow => {
    let column = 0;
    return new TableRow({
      tableHeader: isHeader,
      cantSplit: true,
      keepNext: isHeader || (keepTogether && !last),
      children: cells.map((c) => {
        const span = c.span ?? 1;
        const width = columns.slice(column, column + span).reduce((a, b) => a + b, 0);
        column += span;
        return cellOf(c, width, isHeader);
      }),
    });
  };
  return new Table({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: { top: 40, bottom: 40, left: padding, right: padding },
    rows: [row(header, true, rows.length === 0), ...rows.map((r, i) => row(r, false, i === rows.length - 1))],
  });
}

/** A level-one heading; after a table it keeps half a line clear, or it sits on the table's bottom rule. */
function heading1(text: string, afterTable = false): Paragraph {
  return paragraphOf({
    heading: HeadingLevel.HEADING_1,
    ...(afterTable ? { spacing: { before: 289 } } : {}),
    children: textRuns(text),
  });
}

/**
 * Body text: no extra space between Chinese text and digits ("2023年", not "2023 年"), as official text
 * is set; overflowPunct, Word's default (punctuation may hang at the line end) said out loud, because
 * LibreOffice reads its absence as "hang" and then drops a comma that ends a justified line; and widow
 * and orphan control, which a paragraph without it does not get (no single line left at a page's foot
 * or head).
 */
const BODY_TEXT = { autoSpaceEastAsianText: false, overflowPunctuation: true, widowControl: true } as const;

function body(text: string, keepNext = false): Paragraph {
  return paragraphOf({
    ...BODY_TEXT,
    ...(keepNext ? { keepNext } : {}),
    indent: { firstLine: 640 },
    alignment: AlignmentType.JUSTIFIED,
    children: textRuns(text),
  });
}

/** A highlight as a paragraph: its title in 楷体 as a run-in heading, the detail, the source in brackets. */
function highlight(hl: DocumentContent['themes'][number]['highlights'][number]): Paragraph {
  const title = /[。！？；：]$/.test(hl.title) ? hl.title : `${hl.title}。`;
  return paragraphOf({
    ...BODY_TEXT,
    indent: { firstLine: 640 },
    alignment: AlignmentType.JUSTIFIED,
    children: [
      ...textRuns(title, { font: KAI_FONT, bold: true }),
      ...(hl.detail ? textRuns(hl.detail) : []),
      ...textRuns(`（${hl.source}）`, { font: KAI_FONT }),
    ],
  });
}

/** "表1\u3000…" or "图1\u3000…": centred 黑体, kept with what it names. */
function caption(text: string, keepNext: boolean): Paragraph {
  return paragraphOf({
    alignment: AlignmentType.CENTER,
    keepNext,
    spacing: { before: 120, after: 60, line: 360, lineRule: LineRuleType.AUTO },
    children: textRuns(text, { font: HEI_FONT, size: 24 }),
  });
}

/** The 附注 under the date line: two characters in, smaller than the body. */
function note(text: string): Paragraph {
  return paragraphOf({
    indent: { firstLine: 640 },
    spacing: { before: 120, line: 400, lineRule: LineRuleType.AUTO },
    children: textRuns(text, { size: 24 }),
  });
}

/**
 * A theme's figures; the 上期 and 较上期 columns only when some figure has a comparison. The 上期 header
 * breaks before its period on purpose: on one line it needs a quarter of the width, and wrapped by Word
 * it splits "2022年" from "下半年".
 */
function figuresTable(theme: ThemeContent, c: DocumentContent): Table {
  const label = (f: FigureRow): CellSpec => ({ text: f.note ? `${f.label}（${f.note}）` : f.label });
  if (!theme.compared) {
    return table(
      [70, 30],
      [{ text: '指标' }, { text: '本期' }],
      theme.figures.map((f) => [label(f), quantityCell(f.value)]),
    );
  }
  return table(
    [27, 14, 26, 33],
    [
      { text: '指标' },
      { text: '本期' },
      { text: `上期\n（${c.previousPeriodTitle}）` },
      { text: c.changeHeading },
    ],
    theme.figures.map((f) => [
      label(f),
      quantityCell(f.value),
      f.previous ? quantityCell(f.previous) : { text: '—', align: 'right' },
      { text: f.basis ? `${f.change}（${f.basis}）` : f.change },
    ]),
  );
}

/** A figure in a table cell, its exact value beneath when the figure is rounded. */
function quantityCell(q: FormattedNumber): CellSpec {
  return { text: q.text, align: 'right', ...(q.approximate ? { sub: `（${q.exact}）` } : {}) };
}

/** Width and height of one trend panel in pixels (docx converts them to EMU): two panels side by side. */
const CHART_SIZE = { width: 282, height: 150 };

/**
 * 图1 as native Word column charts, one per figure, two to a line: the same panels, months, values and
 * shared axis tops as the HTML's SVG (trendPanels), each bar labelled with its value.
 */
function trendCharts(doc: SummaryDocument): Paragraph[] {
  const panels = trendPanels(doc);
  const paragraphs: Paragraph[] = [];
  for (let i = 0; i < panels.length; i += 2) {
    const runs = panels.slice(i, i + 2).map(
      (panel) =>
        new ChartRun({
          type: 'column',
          title: {
            text: `${panel.metric.label}（${panel.scale.unit}）`,
            font: { name: '黑体', size: 10, bold: false },
          },
          categories: panel.months.map((month) => month.label),
          // Chart geometry only: the exact figures are in the text and the tables.
          series: [
            {
              name: panel.metric.label,
              values: panel.months.map((month) => Number(scaledValue(month.value, panel))),
              color: panel.colour.replace('#', '').toUpperCase(),
            },
          ],
          legend: false,
          // Labels at 0, half and the top, as the SVG's; left to itself the chart skips the top's label.
          valueAxis: {
            minimum: 0,
            maximum: Number(scaledValue(panel.top, panel)),
            interval: Number(scaledValue(panel.top, panel)) / 2,
            gridlines: true,
          },
          dataLabels: { value: true, position: 'outsideEnd', font: { size: 8 } },
          font: { name: '黑体' },
          gapWidth: 80,
          transformation: CHART_SIZE,
          altText: { name: `图1 ${panel.metric.label}`, description: `${panel.metric.label}按月走势` },
        }),
    );
    paragraphs.push(
      paragraphOf({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: runs,
      }),
    );
  }
  return paragraphs;
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
  if (doc.coverage.grid === null) return undefined;
  const rows = byDepartmentName(doc, doc.coverage.grid);
  const weeks = rows[0]?.weeks ?? [];
  if (weeks.length === 0) return undefined;
  const names = new Map(doc.coverage.byDepartment.map((d) => [d.departmentId, d.name]));
  const widths = [6.5, ...weeks.map(() => 1)];
  // Headed by month over its weeks, as in the HTML's heat map: readers date by month, not ISO week.
  const header: CellSpec[] = [
    { text: '单位' },
    ...monthSpans(
      weeks.map((w) => w.week),
      doc.timeZone,
    ).map((span) => ({ text: span.label, size: 16, span: span.count })),
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
  const runs: TextRun[] = [runOf({ text: '图例：', size: 18 })];
  for (const [status, style] of Object.entries(STATUS_STYLE)) {
    runs.push(
      runOf({
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
      runOf({ text: ` ${style.label}\u3000`, size: 18 }),
    );
  }
  return paragraphOf({ style: TABLE_STYLE_ID, spacing: { before: 80 }, children: runs });
}

function children(doc: SummaryDocument, c: DocumentContent): (Paragraph | Table)[] {
  let tableNumber = 0;
  const tableCaption = (text: string) => caption(`表${++tableNumber}\u3000${text}`, true);
  const out: (Paragraph | Table)[] = [];
  if (c.orgLine) {
    out.push(
      paragraphOf({
        alignment: AlignmentType.CENTER,
        children: textRuns(c.orgLine, { font: HEI_FONT }),
      }),
    );
  }
  out.push(paragraphOf({ heading: HeadingLevel.TITLE, children: textRuns(c.title) }));
  if (c.subtitle) {
    out.push(
      paragraphOf({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240, line: 400, lineRule: LineRuleType.AUTO },
        children: textRuns(`（${c.subtitle}）`, { font: KAI_FONT, size: SIZE.page }),
      }),
    );
  }

  out.push(heading1(c.overviewHeading), ...c.overview.map((p) => body(p)));
  if (c.comparisonNote) out.push(body(c.comparisonNote));
  if (c.trendCaption) out.push(...trendCharts(doc), caption(c.trendCaption, false));

  let afterTable = false;
  for (const theme of c.themes) {
    out.push(
      heading1(theme.heading, afterTable),
      ...theme.lead.map((p) => body(p)),
      ...theme.highlights.map(highlight),
    );
    afterTable = theme.showTable;
    if (theme.showTable) out.push(tableCaption(`${theme.title}主要数据`), figuresTable(theme, c));
  }

  if (c.nextSteps) {
    // The last paragraph goes with the issuer and date: they never stand on a page by themselves.
    const last = c.nextSteps.paragraphs.length - 1;
    out.push(
      heading1(c.nextSteps.heading, afterTable),
      ...c.nextSteps.paragraphs.map((p, i) => body(p, i === last)),
    );
  }

  // The 附件说明: a blank line under the text, two characters in (GB/T 9704 7.3.4).
  if (c.attachmentNote) {
    out.push(paragraphOf({ keepNext: true, children: [] }), body(c.attachmentNote, true));
  }

  // The issuer and date line: right-aligned, four characters in from the right margin, after a blank line.
  out.push(
    paragraphOf({ keepNext: true, children: [] }),
    paragraphOf({
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      keepNext: true,
      children: textRuns(c.signature.issuer),
    }),
    paragraphOf({
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      keepNext: c.roundingNote !== null,
      children: textRuns(c.signature.date),
    }),
  );

  if (c.roundingNote) out.push(note(c.roundingNote));

  if (c.appendix) {
    const a = c.appendix;
    out.push(
      paragraphOf({ children: [new PageBreak()] }),
      // GB/T 9704 7.5: "附件" in 黑体 flush left on the first line, the title centred in the title's face.
      paragraphOf({ keepNext: true, children: textRuns(a.label, { font: HEI_FONT }) }),
      paragraphOf({
        heading: HeadingLevel.HEADING_1,
        alignment: AlignmentType.CENTER,
        indent: { firstLine: 0 },
        spacing: { before: 289, after: 289, line: 700, lineRule: LineRuleType.EXACT },
        children: textRuns(a.title, { font: TITLE_FONT, size: SIZE.title }),
      }),
      body(a.coverageSentence),
      tableCaption(a.coverageCaption),
      table(
        [34, 11, 11, 11, 11, 11, 11],
        ['单位', '应报', '已报', '按时', '逾期', '未报', '按时率'].map((text) => ({ text })),
        [
          ...a.coverageRows.map((r) => coverageCells(r)),
          ...(a.coverageRows.length > 1 ? [coverageCells(a.coverageTotal, true)] : []),
        ],
      ),
      tableCaption(a.rankingHeading),
      table(
        [12, 52, 18, 18],
        [{ text: '名次' }, { text: '单位' }, { text: '按时报送率' }, { text: '按时/应报' }],
        a.onTimeRanking.map((r) => [
          { text: r.rank, align: 'center' },
          { text: r.name },
          { text: r.rate, align: 'right' },
          { text: `${r.onTime}/${r.expected}`, align: 'right' },
        ]),
      ),
    );
    const grid = coverageGrid(doc);
    // A blank line between the ranking and the grid, or the two tables read as one.
    if (a.weeklyCoverage)
      out.push(
        paragraphOf({ keepNext: true, children: [] }),
        table(
          [16, 24, 20, 20, 20],
          [{ text: '周次' }, { text: '时间' }, { text: '按时' }, { text: '逾期' }, { text: '未报' }],
          a.weeklyCoverage.map((row) => [
            { text: row.week, align: 'center' },
            { text: row.dekad, align: 'center' },
            { text: row.onTime, align: 'right' },
            { text: row.late, align: 'right' },
            { text: row.missing, align: 'right' },
          ]),
        ),
        caption(a.heatmapCaption, false),
      );
    else if (grid)
      out.push(
        paragraphOf({ keepNext: true, children: [] }),
        grid,
        legend(),
        caption(a.heatmapCaption, false),
      );
  }

  return out;
}

/**
 * The package's core properties with fixed timestamps. docx stamps `dcterms:created`/`modified` with the
 * wall clock and has no option for them, so this part is given as an override; the timestamps come from
 * generatedAt, which keeps the whole package reproducible. Title and creator are escaped here because this
 * small fixed part is the one piece of XML docx does not write for us.
 */
function corePropertiesXml(title: string, creator: string, description: string, generatedAt: string): string {
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
    `<dc:description>${x(description)}</dc:description>`,
    `<cp:lastModifiedBy>${x(creator)}</cp:lastModifiedBy>`,
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/** A part of docx's package model that formats itself (styles.xml, theme1.xml). */
interface FormattedPart {
  prepForXml(context: IContext): IXmlableObject | undefined;
}

/** The first document's styles and theme, formatted once; see shareFixedParts. */
let fixedParts: { styles: FormattedPart; theme: FormattedPart } | undefined;

function formattedOnce(part: FormattedPart): FormattedPart {
  const prepare = part.prepForXml.bind(part);
  let formatted: IXmlableObject | undefined;
  part.prepForXml = (context) => (formatted ??= prepare(context));
  return part;
}

/**
 * Every document gets the same styles (the options above are constants) and docx's default theme, and
 * formatting them was about a fifth of a department document's Word CPU (the theme alone as much as the
 * styles). So the first document's two parts, formatted once, stand in for every later document's: docx
 * keeps them as the File's private `styles` and `theme`, which are swapped here after construction, before
 * anything reads them; docx's serialiser does not change the formatted objects it writes. Should a docx
 * version lack those members, nothing is swapped and each document formats its own, as before.
 *
 * The same holds for the parts renderDocx gives no options for, or constant ones: numbering (no lists),
 * comments (none), footnotes and endnotes (docx's separators only), settings, the app and custom
 * properties, the package relationships and the footer (the page number field, "— 1 —"). Each was
 * formatted anew for every document (the footer twice: once more for its relationships), about a tenth of
 * a department document's Word CPU, to the same XML every time (a unit test pins every part of a
 * department's and the district's package). Their objects are not swapped but answer prepForXml with what
 * the first document's formatted; a docx without one of these members formats that part as before.
 */
function shareFixedParts(document: Document): void {
  const file = document as unknown as {
    styles?: Partial<FormattedPart>;
    theme?: Partial<FormattedPart>;
  } & Record<string, unknown>;
  const { styles, theme } = file;
  if (typeof styles?.prepForXml === 'function' && typeof theme?.prepForXml === 'function') {
    fixedParts ??= {
      styles: formattedOnce(styles as FormattedPart),
      theme: formattedOnce(theme as FormattedPart),
    };
    file.styles = fixedParts.styles;
    file.theme = fixedParts.theme;
  }
  const view = (wrapper: unknown): unknown => (wrapper as { View?: unknown } | undefined)?.View;
  const footers = Array.isArray(file.footers) ? (file.footers as { footer?: unknown }[]) : [];
  const constant: [string, unknown][] = [
    ['numbering', file.numbering],
    ['comments', file.comments],
    ['settings', file.settings],
    ['appProperties', file.appProperties],
    ['customProperties', file.customProperties],
    ['fileRelationships', file.fileRelationships],
    ['footnotes', view(file.footnotesWrapper)],
    ['endnotes', view(file.endnotesWrapper)],
    ...footers.map(({ footer }, index): [string, unknown] => [`footer${index + 1}`, view(footer)]),
  ];
  for (const [name, part] of constant) formattedAsFirst(name, part);
}

/** What the first document formatted for each part that every document has the same; see shareFixedParts. */
const firstFormatted = new Map<string, IXmlableObject>();

function formattedAsFirst(name: string, part: unknown): void {
  const formatted = part as Partial<FormattedPart> | undefined;
  if (typeof formatted?.prepForXml !== 'function') return;
  const prepare = formatted.prepForXml.bind(part);
  formatted.prepForXml = (context) => {
    const known = firstFormatted.get(name);
    if (known) return known;
    const xml = prepare(context);
    if (xml) firstFormatted.set(name, xml);
    return xml;
  };
}

export async function renderDocx(doc: SummaryDocument): Promise<Uint8Array> {
  const c = contentOf(doc);
  const exactLine = (line: number) => ({ line, lineRule: LineRuleType.EXACT });
  const document = new Document({
    title: c.title,
    creator: doc.orgName,
    lastModifiedBy: doc.orgName,
    // The machine's account of how the file was made lives in its metadata, not on the page.
    description: c.provenance,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: SIZE.body, language: LANGUAGE },
          paragraph: { spacing: { ...exactLine(BODY_LINE), before: 0, after: 0 } },
        },
        title: {
          run: { font: TITLE_FONT, size: SIZE.title, bold: false, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { before: 0, after: 578, line: 700, lineRule: LineRuleType.EXACT },
          },
        },
        heading1: {
          run: { font: HEI_FONT, size: SIZE.body, bold: false, color: '000000' },
          paragraph: {
            indent: { firstLine: 640 },
            spacing: { ...exactLine(BODY_LINE), before: 0, after: 0 },
            keepNext: true,
            keepLines: true,
          },
        },
        heading2: {
          run: { font: KAI_FONT, size: SIZE.body, bold: false, color: '000000' },
          paragraph: {
            indent: { firstLine: 640 },
            spacing: { ...exactLine(BODY_LINE), before: 0, after: 0 },
            keepNext: true,
            keepLines: true,
          },
        },
      },
      paragraphStyles: [
        {
          id: TABLE_STYLE_ID,
          name: 'Table Text',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: TABLE_FONT, size: SIZE.table },
          paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: 1247 },
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
                    size: SIZE.page,
                    children: ['— ', PageNumber.CURRENT, ' —'],
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
  shareFixedParts(document);
  const parts = await packageParts(document, [
    {
      path: 'docProps/core.xml',
      data: corePropertiesXml(c.title, doc.orgName, c.provenance, doc.generatedAt),
    },
    { path: 'word/fontTable.xml', data: fontTableXml() },
  ]);
  const generatedAt = DateTime.fromISO(doc.generatedAt, { zone: 'utc' });
  // zip stores DOS times, which start in 1980.
  const modified =
    generatedAt.isValid && generatedAt.year >= 1980 ? generatedAt.toJSDate() : new Date(Date.UTC(1980, 0, 1));
  return stablePackage(parts, modified);
}
