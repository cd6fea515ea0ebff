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
    expect(lines[0]).toBe('# 张湾区委组织部 2023年上半年 工作成效汇总');
    expect(md).toContain('> 数据截至2023年上半年第24周');
  });

  it('renders a heading per theme, in order', () => {
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 5)).toEqual([
      '## 总体情况',
      '## 一、政治建设',
      '## 二、服务大局',
      '## 三、基层治理',
      '## 四、人才工作',
    ]);
  });

  it('should put figures in GFM tables in 万/亿 form', () => {
    expect(md).toContain('| 专题轮训干部 | 1,300人次 | 1,100人次 | ↑ +200 |');
    expect(md).toContain('| 实名注册志愿者（期末数） | 6.8万人 | 6.15万人 | ↑ +6,500 |');
    expect(md).toContain('| 人才奖励资金 | 314.2万元 | 265万元 | ↑ +49.2万 |');
    expect(md).toContain('| 重点项目完成投资 | 2.5亿元 | 1.98亿元 | ↑ +5,200万 |');
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
    const item = lines.find((l) => l.startsWith('- ') && shown(l).includes(hostile));
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
    expect(md).toContain('| 1 | 区委办 | 100.0% | 24/24 |');
    expect(md).toContain('| **合计** | **166** | **160** | **148** | **12** | **6** | **89.2%** |');
    expect(md).toContain('| 红卫街道 | `··●●●●●●●●●●●●●●●●●●●●●●○○` |');
    expect(md).toContain('图例：● 按时报送');
  });

  it('should title a department document with the department', () => {
    const department = renderMarkdown(departmentScopeFixture('hrss'));
    expect(department).toContain('# 区人社局 2023年上半年 工作成效汇总');
    expect(department).toContain('**张湾区委组织部**');
  });

  it('should give the same text for the same input', () => {
    expect(renderMarkdown(summaryDocumentFixture())).toBe(md);
  });
});
