import { renderMarkdown } from '../../../../../shared/domain/documents';
import {
  departmentScopeFixture,
  HOSTILE_DEPARTMENT_NAME,
  HOSTILE_IMG,
  HOSTILE_MARKDOWN,
  HOSTILE_SCRIPT,
  summaryDocumentFixture,
} from '../../../../fixtures/summary-document';

/** Reads escaped Markdown text back as a renderer would show it (entities, backslash escapes, <br>). */
function shown(markdown: string): string {
  return markdown
    .replace(/<br>/g, '\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The cells of a GFM table row: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const doc = summaryDocumentFixture();
  const md = renderMarkdown(doc);
  const lines = md.split('\n');

  it('should open with the title and the 截至 note', () => {
    expect(lines[0]).toBe('# 张湾区委组织部2023年上半年工作成效汇总');
    expect(md).toContain('> 数据截至6月中旬');
  });

  it('renders a heading per theme, in order', () => {
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## 一、总体情况',
      '## 二、凝心铸魂赋能\u3000政治建设迈上新高度',
      '## 三、服务大局',
      '## 四、基层治理',
      '## 五、人才工作',
      '## 各单位周报报送情况',
    ]);
  });

  it("captions the appendix's table by what it holds, not by the appendix title again", () => {
    expect(lines.filter((l) => l.includes('各单位周报报送'))).toEqual([
      '附件：各单位周报报送情况',
      '## 各单位周报报送情况',
      '**表5\u3000各单位周报报送统计**',
    ]);
  });

  it('should put figures in GFM tables in 万/亿 form', () => {
    expect(md).toContain('| 专题轮训干部 | 1,300人次 | 600人次 | 减少80人次，下降13.3%（同口径1个单位） |');
    expect(md).toContain('| 实名注册志愿者（期末数） | 6.8万人 | 6.15万人 | 增加6500人，增长10.6% |');
    expect(md).toContain('| 人才奖励资金 | 314.2万元 | 265万元 | 增加49.2万元，增长18.6% |');
    expect(md).toContain('| 外出考察实践党员干部 | 400人次 | — | — |');
  });

  it('should follow a rounded figure with its exact value', () => {
    expect(md).toContain('约13.67万平方米（136,686平方米）');
  });

  it.each([
    ['a script tag', HOSTILE_SCRIPT],
    ['an image with an event handler', HOSTILE_IMG],
    ['Markdown emphasis, a pipe and a line break', HOSTILE_MARKDOWN],
  ])('should show %s in a highlight as literal text', (_, hostile) => {
    const item = lines.find((l) => l.startsWith('**') && shown(l).includes(hostile));
    expect(item).toBeDefined();
  });

  it('should leave no raw HTML but the <br> it adds itself', () => {
    const tags = md.match(/<[^>]*>/g) ?? [];
    expect(new Set(tags)).toEqual(new Set(['<br>']));
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(md).toContain('\\*\\*x\\*\\* \\| y<br>second line');
  });

  it('should keep a table row whole when a department name holds a pipe', () => {
    const row = lines.find((l) => shown(l).includes(HOSTILE_DEPARTMENT_NAME) && l.includes('| 24 | 21 |'));
    expect(row).toBeDefined();
    const rowCells = cells(row ?? '');
    expect(rowCells).toHaveLength(7);
    expect(shown(rowCells[0] ?? '')).toBe(HOSTILE_DEPARTMENT_NAME);
    expect(rowCells.slice(1)).toEqual(['24', '21', '17', '4', '3', '70.8%']);
  });

  it('should give every table row as many cells as its header', () => {
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      const count = cells(line).length;
      if (columns === 0) columns = count;
      expect(count).toBe(columns);
    }
  });

  it('should have ranking and coverage tables, and the heat map as one line per department', () => {
    const appendix = md.indexOf('**附件**\n\n## 各单位周报报送情况');
    expect(md.indexOf('附件：各单位周报报送情况\n\n张湾区委组织部')).toBeGreaterThan(0);
    expect(md.indexOf('| 2 | 区委办 | 100.0% | 24/24 |')).toBeGreaterThan(appendix);
    expect(md).toContain('| **合计** | **166** | **160** | **148** | **12** | **6** | **89.2%** |');
    expect(md).toContain('| 红卫街道 | `··●●●●●●●●●●●●●●●●●●●●●●○○` |');
    expect(md).toContain('图例：● 按时 ◐ 逾期 ✕ 未报 · 无需报送 ○ 未到期');
    expect(md).not.toContain('亮点数');
  });

  it('should title a department document with the department', () => {
    const department = renderMarkdown(departmentScopeFixture('hrss'));
    expect(department).toContain('# 区人社局2023年上半年工作成效');
    expect(department).toContain('**张湾区委组织部**');
    expect(department).not.toContain('附件');
    expect(department).not.toContain('**合计**');
  });

  it('should leave out columns of dashes, tables of one row and a note with nothing to explain', () => {
    const department = renderMarkdown(departmentScopeFixture('party-office'));
    expect(department).toContain('| 指标 | 本期 |\n');
    expect(department).not.toContain('较上期');
    expect(department).not.toContain('服务大局主要数据');
    expect(department).not.toContain('（注：');
  });

  it('should give the same text for the same input', () => {
    expect(renderMarkdown(summaryDocumentFixture())).toBe(md);
  });
});
