// docx 9 zips with fflate (its own dependency; it no longer uses JSZip), so the tests unzip with it too.
import { strFromU8, unzipSync } from 'fflate';
import { renderDocx } from '../../../../../shared/domain/documents';
import {
  departmentScopeFixture,
  HOSTILE_DEPARTMENT_NAME,
  HOSTILE_IMG,
  HOSTILE_MARKDOWN,
  HOSTILE_SCRIPT,
  summaryDocumentFixture,
} from '../../../../fixtures/summary-document';

type Package = Record<string, string>;

async function render(doc = summaryDocumentFixture()): Promise<Package> {
  const bytes = await renderDocx(doc);
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
}

const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** All the text of a part, runs joined, as Word would show it (w:br as a line break). */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<\/w:p>/g)]
    .map((m) => (m[0] === '<w:br/>' ? '\n' : m[0] === '</w:p>' ? '\n\n' : (m[1] ?? '')))
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('renderDocx', () => {
  let pkg: Package;
  let documentXml: string;

  beforeAll(async () => {
    pkg = await render();
    documentXml = pkg['word/document.xml'] ?? '';
  });

  it('should be a Word package', () => {
    expect(Object.keys(pkg)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']),
    );
    expect(pkg['[Content_Types].xml']).toContain('wordprocessingml.document.main+xml');
  });

  it('should use real heading styles, with the same sections in the same order as the HTML', () => {
    expect(documentXml).toContain('<w:pStyle w:val="Title"/>');
    const headings = [...documentXml.matchAll(/<w:pStyle w:val="Heading1"\/>.*?<\/w:p>/g)].map((m) =>
      textOf(m[0]).trim(),
    );
    expect(headings).toEqual([
      '一、总体情况',
      '二、凝心铸魂赋能\u3000政治建设迈上新高度',
      '三、服务大局',
      '四、基层治理',
      '五、人才工作',
      '各单位周报报送情况',
    ]);
  });

  it('should title the document without ASCII spaces and close with the issuer and the date', () => {
    const text = textOf(documentXml);
    expect(text).toContain('张湾区委组织部2023年上半年工作成效汇总');
    expect(text).toMatch(/张湾区委组织部\n\n2023年6月21日\n\n/);
    // The 附件说明 under the text, then issuer and date, then the appendix: 附件 over its title.
    expect(text).toMatch(/\n\n附件：各单位周报报送情况\n\n\n\n张湾区委组织部\n\n2023年6月21日\n\n/);
    expect(text.indexOf('2023年6月21日\n')).toBeLessThan(text.indexOf('附件\n\n各单位周报报送情况'));
  });

  it('should draw 图1 as native Word column charts with values, right after the overview', () => {
    const charts = Object.keys(pkg).filter((path) => /^word\/charts\/chart\d+\.xml$/.test(path));
    expect(charts.length).toBeGreaterThanOrEqual(1);
    const chart = pkg[charts[0] ?? ''] ?? '';
    expect(chart).toContain('<c:barDir val="col"/>');
    expect(chart).toContain('<c:showVal val="1"/>');
    expect(chart).toContain('1月');
    const text = textOf(documentXml);
    expect(documentXml.indexOf('<c:chart ')).toBeLessThan(documentXml.indexOf('图1\u3000主要数据按月走势'));
    expect(text.indexOf('图1\u3000主要数据按月走势')).toBeLessThan(text.indexOf('二、凝心铸魂赋能'));
  });

  it('should colour each chart of 图1 as its panel in the HTML', () => {
    const charts = Object.keys(pkg)
      .filter((path) => /^word\/charts\/chart\d+\.xml$/.test(path))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    const colours = charts.map((path) => /<a:srgbClr val="([0-9A-F]{6})"/.exec(pkg[path] ?? '')?.[1]);
    expect(colours.slice(0, 4)).toEqual(['9B1C1C', '1F5F99', '3A7D44', 'B5522B']);
  });

  it('should label the value axis of each chart at 0, half and the top, as the SVG does', () => {
    const chart = pkg['word/charts/chart1.xml'] ?? '';
    const max = Number(/<c:max val="([\d.]+)"\/>/.exec(chart)?.[1]);
    expect(max).toBeGreaterThan(0);
    expect(chart).toContain(`<c:majorUnit val="${max / 2}"/>`);
  });

  it('should name real fallbacks of every face in the font table', () => {
    const fonts = pkg['word/fontTable.xml'] ?? '';
    for (const [name, alt] of [
      ['仿宋', 'FangSong'],
      ['宋体', 'SimSun'],
      ['黑体', 'SimHei'],
      ['楷体', 'KaiTi'],
      ['FangSong', 'Noto Serif CJK SC'],
    ]) {
      expect(fonts).toContain(`<w:font w:name="${name}"><w:altName w:val="${alt}"/>`);
    }
  });

  it('should set the official sizes: title 二号, body 三号 on a fixed line', () => {
    const styles = pkg['word/styles.xml'] ?? '';
    expect(styles).toMatch(/w:styleId="Title".*?w:eastAsia="方正小标宋简体".*?<w:sz w:val="44"\/>/s);
    expect(styles).toMatch(/<w:docDefaults>.*<w:sz w:val="32"\/>/s);
    expect(styles).toMatch(/<w:docDefaults>.*w:lineRule="exact"/s);
    expect(styles).toMatch(/w:styleId="Heading2".*?w:eastAsia="楷体"/s);
  });

  it('should set CJK fonts: 仿宋 body, 黑体 headings, 宋体 tables, Chinese as the East Asian language', () => {
    const styles = pkg['word/styles.xml'] ?? '';
    expect(styles).toMatch(/<w:docDefaults>.*w:eastAsia="仿宋"/s);
    expect(styles).toMatch(/w:styleId="Heading1".*?w:eastAsia="黑体"/s);
    expect(styles).toMatch(/w:styleId="TableText".*?w:eastAsia="SimSun"/s);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('should lay out figures, rankings and coverage as tables', () => {
    // One figures table per theme, coverage, ranking and the heat map.
    expect((documentXml.match(/<w:tbl>/g) ?? []).length).toBe(7);
    expect(documentXml).toContain('<w:tblHeader/>');
  });

  it('should show figures in 万/亿 form', () => {
    const text = textOf(documentXml);
    for (const figure of [
      '6.8万人',
      '314.2万元',
      '2.5亿元',
      '1,300人次',
      '约13.67万平方米',
      '（136,686平方米）',
    ]) {
      expect(text).toContain(figure);
    }
  });

  it('should number pages in the footer', () => {
    const footers = Object.entries(pkg).filter(([path]) => /^word\/footer\d+\.xml$/.test(path));
    expect(footers).toHaveLength(1);
    const footer = footers[0]?.[1] ?? '';
    expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
    expect(textOf(footer).trim()).toBe('—  —');
    expect(footer).toContain('<w:sz w:val="28"/>');
  });

  it('should be set on A4 portrait', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it.each([
    ['a script tag', HOSTILE_SCRIPT],
    ['an image with an event handler', HOSTILE_IMG],
    ['a department name with markup and quotes', HOSTILE_DEPARTMENT_NAME],
  ])('should hold %s as escaped text only', (_, hostile) => {
    expect(documentXml).toContain(escapeXml(hostile));
    expect(textOf(documentXml)).toContain(hostile);
  });

  it('should keep a line break of a highlight title as a Word line break', () => {
    expect(textOf(documentXml)).toContain(HOSTILE_MARKDOWN);
  });

  it('should contain no element injected from report text', () => {
    expect(documentXml).not.toMatch(/<script|<img|<b>/i);
    const elements = new Set([...documentXml.matchAll(/<([a-zA-Z][\w:.-]*)/g)].map((m) => m[1]));
    for (const element of elements) expect(element).toMatch(/^(w|w14|w15|mc|wp|a|pic|v|o|m|r|c):/);
  });

  it('should write core properties from the document, timestamped with generatedAt', () => {
    const core = pkg['docProps/core.xml'] ?? '';
    expect(core).toContain('<dc:title>张湾区委组织部2023年上半年工作成效汇总</dc:title>');
    expect(core).toContain('<dc:creator>张湾区委组织部</dc:creator>');
    // How the file was made (its provenance note) is in the metadata, not on the page.
    const description = /<dc:description>([^<]+)<\/dc:description>/.exec(core)?.[1] ?? '';
    expect(description.replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(
      summaryDocumentFixture().provenance.note,
    );
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2023-06-21T02:30:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-06-21T02:30:00Z</dcterms:modified>',
    );
  });

  it('should escape an organisation name in the core properties', async () => {
    const hostile = await render({ ...summaryDocumentFixture(), orgName: '<x>&"\'' });
    expect(hostile['docProps/core.xml']).toContain('<dc:creator>&lt;x&gt;&amp;&quot;&apos;</dc:creator>');
  });

  it('should title a department document with the department', async () => {
    const department = await render(departmentScopeFixture('hrss'));
    const text = textOf(department['word/document.xml'] ?? '');
    expect(text).toContain('区人社局2023年上半年工作成效');
    expect(text).not.toContain('附件');
    expect(text).not.toContain('合计');
  });

  it('should keep the issuer and date with the last paragraph, never on a page of their own', async () => {
    const edited = await render({
      ...summaryDocumentFixture(),
      editorial: {
        revision: 1,
        updatedAt: '2023-07-01T00:00:00.000Z',
        nextSteps: '一是轮训。\n\n二是招才。',
      },
    });
    const paragraphsXml = [...(edited['word/document.xml'] ?? '').matchAll(/<w:p>.*?<\/w:p>/g)].map(
      (m) => m[0],
    );
    const last = paragraphsXml.findIndex((p) => textOf(p).includes('二是招才。'));
    const date = paragraphsXml.findIndex((p) => textOf(p).trim() === '2023年6月21日');
    expect(last).toBeGreaterThan(0);
    expect(date).toBeGreaterThan(last);
    // The last paragraph, the blank line and the issuer each keep with the next; the date keeps with its note.
    for (const p of paragraphsXml.slice(last, date + 1)) expect(p).toContain('<w:keepNext/>');
    expect(textOf(paragraphsXml[date + 1] ?? '')).toContain('（注：');
  });

  it('should leave out columns of dashes, tables of one row and a note with nothing to explain', async () => {
    const text = textOf((await render(departmentScopeFixture('party-office')))['word/document.xml'] ?? '');
    expect(text).not.toContain('上期');
    // development has one figure, stated in its lead: no 表 for it.
    expect(text).toContain('表1\u3000政治建设主要数据');
    expect(text).not.toContain('服务大局主要数据');
    expect(text).not.toContain('（注：');
  });

  it('should head the heat map by month over its weeks, as the HTML does', () => {
    const grid = documentXml.slice(documentXml.lastIndexOf('<w:tbl>'));
    const header = grid.slice(0, grid.indexOf('</w:tr>'));
    expect(textOf(header).replace(/\s+/g, ' ').trim()).toBe('单位 1月 2月 3月 4月 5月 6月');
    expect(header).toContain('<w:gridSpan w:val="5"/>');
  });

  it('should say overflowPunct on justified text, so LibreOffice does not drop a comma at a line end', () => {
    const justified = [
      ...documentXml.matchAll(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:jc w:val="both"\/>(?:(?!<\/w:pPr>).)*<\/w:pPr>/g),
    ];
    expect(justified.length).toBeGreaterThan(10);
    for (const [pPr] of justified) {
      expect(pPr).toContain('<w:overflowPunct/>');
      // and no single line of it left alone at a page's foot or head
      expect(pPr).toContain('<w:widowControl/>');
    }
  });

  it('should break the 上期 header before its period rather than inside it', () => {
    expect(textOf(documentXml)).toContain('上期\n（2022年下半年）');
  });

  it('should set the heat map apart from the ranking table above it', () => {
    const ranking = documentXml.lastIndexOf('<w:tbl>', documentXml.lastIndexOf('<w:tbl>') - 1);
    const between = documentXml.slice(
      documentXml.indexOf('</w:tbl>', ranking),
      documentXml.lastIndexOf('<w:tbl>'),
    );
    expect(between).toMatch(/^<\/w:tbl><w:p>.*<\/w:p>$/);
  });

  it('should keep half a line between a table and the heading after it', () => {
    expect(documentXml).toMatch(
      /<\/w:tbl><w:p><w:pPr><w:pStyle w:val="Heading1"\/><w:spacing w:before="289"\/>/,
    );
  });

  it('should write the same document.xml and core properties for the same input', async () => {
    const again = await render();
    expect(again['word/document.xml']).toBe(documentXml);
    expect(again['docProps/core.xml']).toBe(pkg['docProps/core.xml']);
    expect(again['word/_rels/document.xml.rels']).toBe(pkg['word/_rels/document.xml.rels']);
    expect(await renderDocx(summaryDocumentFixture())).toEqual(await renderDocx(summaryDocumentFixture()));
  });

  it('should write a cell that recurs in every row it stands in, keeping with the next row only where it should', async () => {
    // Every department with the same rank and rate: the ranking repeats those cells from the first row to the
    // last, and only the last row of a table this short may part from what follows.
    const doc = summaryDocumentFixture();
    doc.rankings.onTime = doc.rankings.onTime.map((r) => ({
      ...r,
      rank: 1,
      onTimeRate: '1',
      onTime: 24,
      expected: 24,
    }));
    const xml = (await render(doc))['word/document.xml'] ?? '';
    const ranking = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/g)]
      .map((m) => m[0])
      .find((t) => t.includes('名次'));
    const rows = [...(ranking ?? '').matchAll(/<w:tr>.*?<\/w:tr>/g)].map((m) => m[0]).slice(1);
    expect(rows).toHaveLength(doc.rankings.onTime.length);
    const withoutKeepNext = (row: string) => row.replace(/<w:keepNext(?: w:val="false")?\/>/g, '');
    const cells = (row: string) => [...withoutKeepNext(row).matchAll(/<w:tc>.*?<\/w:tc>/g)].map((m) => m[0]);
    for (const row of rows) {
      expect(cells(row)[0]).toBe(cells(rows[0]!)[0]);
      expect(cells(row)[3]).toContain('24/24');
    }
    expect(rows.slice(0, -1).every((row) => (row.match(/<w:keepNext\/>/g) ?? []).length === 4)).toBe(true);
    expect(rows[rows.length - 1]).not.toContain('<w:keepNext/>');
    expect(rows[rows.length - 1]).toContain('<w:keepNext w:val="false"/>');
    expect(textOf(rows.join(''))).toContain(HOSTILE_DEPARTMENT_NAME);
  });
});
