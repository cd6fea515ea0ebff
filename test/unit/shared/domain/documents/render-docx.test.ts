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

  it('should use real heading styles for the title, the sections and their parts', () => {
    expect(documentXml).toContain('<w:pStyle w:val="Title"/>');
    expect(documentXml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(documentXml).toContain('<w:pStyle w:val="Heading2"/>');
    const headings = [...documentXml.matchAll(/<w:pStyle w:val="Heading1"\/>.*?<\/w:p>/g)].map((m) =>
      textOf(m[0]).trim(),
    );
    expect(headings.slice(0, 5)).toEqual([
      '总体情况',
      '一、政治建设',
      '二、服务大局',
      '三、基层治理',
      '四、人才工作',
    ]);
  });

  it('should set CJK fonts: 仿宋 body, 黑体 headings, 宋体 tables, Chinese as the East Asian language', () => {
    const styles = pkg['word/styles.xml'] ?? '';
    expect(styles).toMatch(/<w:docDefaults>.*w:eastAsia="仿宋"/s);
    expect(styles).toMatch(/w:styleId="Heading1".*?w:eastAsia="黑体"/s);
    expect(styles).toMatch(/w:styleId="TableText".*?w:eastAsia="宋体"/s);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('should lay out figures, rankings and coverage as tables', () => {
    expect((documentXml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(8);
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
    expect(footer).toContain('<w:instrText xml:space="preserve">NUMPAGES</w:instrText>');
    expect(textOf(footer)).toContain('第');
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
    for (const element of elements) expect(element).toMatch(/^(w|w14|w15|mc|wp|a|pic|v|o|m|r):/);
  });

  it('should write core properties from the document, timestamped with generatedAt', () => {
    const core = pkg['docProps/core.xml'] ?? '';
    expect(core).toContain('<dc:title>张湾区委组织部 2023年上半年 工作成效汇总</dc:title>');
    expect(core).toContain('<dc:creator>张湾区委组织部</dc:creator>');
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
    expect(textOf(department['word/document.xml'] ?? '')).toContain('区人社局 2023年上半年 工作成效汇总');
  });

  it('should write the same document.xml and core properties for the same input', async () => {
    const again = await render();
    expect(again['word/document.xml']).toBe(documentXml);
    expect(again['docProps/core.xml']).toBe(pkg['docProps/core.xml']);
    expect(again['word/numbering.xml']).toBe(pkg['word/numbering.xml']);
  });
});
