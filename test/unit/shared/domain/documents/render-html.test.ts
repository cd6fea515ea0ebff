import { renderHtml } from '../../../../../shared/domain/documents';
import {
  departmentScopeFixture,
  HOSTILE_DEPARTMENT_NAME,
  HOSTILE_IMG,
  HOSTILE_MARKDOWN,
  HOSTILE_SCRIPT,
  summaryDocumentFixture,
} from '../../../../fixtures/summary-document';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

describe('renderHtml', () => {
  const doc = summaryDocumentFixture();
  const html = renderHtml(doc);

  it('should be a Chinese UTF-8 page titled with the scope and period', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>张湾区委组织部 2023年上半年 工作成效汇总</title>');
    expect(html).toMatch(/<h1>张湾区委组织部 2023年上半年 工作成效汇总<\/h1>/);
    expect(html).toContain('数据截至2023年上半年第24周');
  });

  it('should leave out the 截至 note once the period is complete', () => {
    expect(renderHtml({ ...doc, toDate: false })).not.toContain('数据截至');
  });

  it('renders one section per theme, in order, with its heading', () => {
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings.slice(0, 5)).toEqual([
      '总体情况',
      '一、政治建设',
      '二、服务大局',
      '三、基层治理',
      '四、人才工作',
    ]);
    for (const id of ['political', 'development', 'governance', 'talent']) {
      expect(html).toContain(`<section class="theme" id="theme-${id}">`);
    }
  });

  it('should show figures in 万/亿 form with their units', () => {
    for (const figure of ['6.8万人', '314.2万元', '2.5亿元', '1,300人次', '644个', '15万小时', '5,700名']) {
      expect(html).toContain(figure);
    }
  });

  it('should show a rounded figure with 约 and keep its exact value on the page', () => {
    expect(html).toContain('约13.67万平方米');
    expect(html).toContain('（136,686平方米）');
    expect(html).toContain('title="136,686平方米"');
  });

  it('should show changes with arrows, 持平 and an em dash when there is no previous value', () => {
    expect(html).toContain('↑ +200');
    expect(html).toContain('↓ −15');
    expect(html).toContain('持平');
    expect(html).toMatch(/<td class="num">—<\/td>/);
  });

  it('should attribute highlights to their department and week', () => {
    expect(html).toContain('分层分类举办专题轮训班');
    expect(html).toContain('——区委办，第4周');
  });

  it.each([
    ['a script tag', HOSTILE_SCRIPT],
    ['an image with an event handler', HOSTILE_IMG],
    ['a department name with markup and quotes', HOSTILE_DEPARTMENT_NAME],
  ])('should show %s as literal text', (_, hostile) => {
    expect(html).toContain(escapeHtml(hostile));
  });

  it('should keep a highlight title with Markdown syntax and a line break as text', () => {
    const [first, second] = HOSTILE_MARKDOWN.split('\n');
    expect(html).toContain(`${escapeHtml(first ?? '')}<br>${escapeHtml(second ?? '')}`);
  });

  it('should contain no executable or injected markup', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>/);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
  });

  it('should be self-contained: no request of any kind and no script', () => {
    // Attributes inside tags only: escaped report text may well read "src=x".
    expect(html).not.toMatch(/<[^>]*\s(src|href)\s*=/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/http/i);
  });

  it('should print on A4 with tables and figures kept whole and CJK fonts', () => {
    expect(html).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
    expect(html).toMatch(/table \{[^}]*page-break-inside: avoid/);
    expect(html).toMatch(/figure \{[^}]*page-break-inside: avoid/);
    expect(html).toMatch(/h2, h3 \{[^}]*page-break-after: avoid/);
    expect(html).toContain('"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", serif');
  });

  it('should draw the weekly trend and the coverage heat map as inline SVG', () => {
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toMatch(
      /<svg id="chart-weekly-trend"[^>]*role="img"[^>]*aria-label="周度趋势：重点项目完成投资、人才奖励资金、志愿服务时长"/,
    );
    expect(html).toMatch(/<svg id="chart-coverage-heatmap"[^>]*aria-label="各单位逐周报送情况热力图"/);
    for (const label of ['按时报送', '逾期报送', '未报送', '无需报送', '尚未到期']) {
      expect(html).toContain(`class="legend">${label}</text>`);
    }
  });

  it('should draw one heat-map cell per department and week', () => {
    const heatmap = html.slice(html.indexOf('<svg id="chart-coverage-heatmap"'));
    const cells = heatmap.slice(0, heatmap.indexOf('</svg>')).match(/<rect [^>]*width="20"/g) ?? [];
    expect(cells).toHaveLength(doc.coverage.grid.length * 26);
  });

  it('should list coverage per department with on-time rates and a total', () => {
    expect(html).toContain(
      '<td class="name">区住建局</td><td class="num">24</td><td class="num">22</td><td class="num">19</td><td class="num">3</td><td class="num">2</td><td class="num">79.2%</td>',
    );
    expect(html).toMatch(/<tr class="total"><td class="name">合计<\/td>.*89\.2%/);
  });

  it('should note the provenance and the rounding rule', () => {
    expect(html).toContain('本文件由160份周报');
    expect(html).toContain('2023年6月21日 10:30');
    expect(html).toContain('标“约”的数值经四舍五入');
  });

  it('should title a department document with the department and name the organisation above it', () => {
    const department = renderHtml(departmentScopeFixture('hrss'));
    expect(department).toContain('<h1>区人社局 2023年上半年 工作成效汇总</h1>');
    expect(department).toContain('<p class="org">张湾区委组织部</p>');
    expect(department).toContain('5,700名');
  });

  it('should give the same bytes for the same input', () => {
    expect(renderHtml(summaryDocumentFixture())).toBe(html);
  });
});
