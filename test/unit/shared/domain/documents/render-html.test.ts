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
    expect(html).toContain('<title>张湾区委组织部2023年上半年工作成效汇总</title>');
    expect(html).toMatch(/<h1>张湾区委组织部2023年上半年工作成效汇总<\/h1>/);
    expect(html).toContain('数据截至6月中旬');
  });

  it('should leave out the 截至 note once the period is complete', () => {
    expect(renderHtml({ ...doc, toDate: false })).not.toContain('数据截至');
  });

  it('renders one section per theme, in order, with its display title, and the appendix last', () => {
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      '一、总体情况',
      '二、凝心铸魂赋能\u3000政治建设迈上新高度',
      '三、服务大局',
      '四、基层治理',
      '五、人才工作',
      '各单位周报报送情况',
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

  it('should word changes the official way, with the basis where it is not every unit', () => {
    expect(html).toContain('较上期减少15名，下降20%');
    expect(html).toContain('与上期持平');
    expect(html).toContain('其中同口径1个单位较上期减少80人次，下降13.3%');
    expect(html).not.toMatch(/[↑↓]/);
    expect(html).toMatch(/<td class="num">—<\/td>/);
  });

  it('should carry figures in prose without thousands separators', () => {
    expect(html).toContain('轮训干部1300人次');
    expect(html).not.toContain('余');
  });

  it('should give highlights as paragraphs dated by month and 旬', () => {
    expect(html).toContain(
      '<p class="highlight"><strong>分层分类举办专题轮训班。</strong>副科级以上干部和村（社区）“两委”干部轮训一遍，做到应训尽训。<span class="who">（区委办，1月下旬）</span></p>',
    );
    // Week numbers are left to the appendix's heat map, whose columns are weeks.
    expect(html.slice(0, html.indexOf('<section class="appendix"'))).not.toMatch(/第\d+周/);
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

  it('should print on A4 with page numbers, figures kept whole and the official faces with fallbacks', () => {
    expect(html).toMatch(
      /@page \{ size: A4; margin: [^{]+@bottom-center \{ content: "— " counter\(page\) " —"/,
    );
    expect(html).toMatch(/figure \{[^}]*page-break-inside: avoid/);
    expect(html).toMatch(/h2 \{[^}]*page-break-after: avoid/);
    expect(html).toMatch(/\.appendix \{[^}]*page-break-before: always/);
    expect(html).toContain('"FangSong", "仿宋"');
    expect(html).toContain('"STZhongsong", "华文中宋", "Noto Serif CJK SC"');
    expect(html).toContain('"KaiTi", "楷体"');
  });

  it('should draw the monthly trend (图1) and the coverage heat map (图2) as inline SVG', () => {
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<svg id="chart-monthly-trend"[^>]*role="img"[^>]*aria-label="按月走势：/);
    expect(html).toContain('<figcaption>图1\u3000主要数据按月走势</figcaption>');
    expect(html).toMatch(/<svg id="chart-coverage-heatmap"[^>]*aria-label="各单位逐周报送情况热力图"/);
    expect(html).toContain('<figcaption>图2\u3000各单位逐周报送情况</figcaption>');
    for (const label of ['按时', '逾期', '未报', '无需报送', '未到期']) {
      expect(html).toContain(`class="legend">${label}</text>`);
    }
    // Month columns with their values printed on them.
    for (const month of ['1月', '6月']) expect(html).toContain(`class="axis">${month}</text>`);
    expect(html).toMatch(/class="value">\d/);
  });

  it('should keep the ranking, the coverage table and the heat map in the appendix, after the issuer line', () => {
    const signature = html.indexOf('<div class="signature">');
    const appendix = html.indexOf('<section class="appendix"');
    expect(signature).toBeGreaterThan(0);
    expect(appendix).toBeGreaterThan(signature);
    expect(html.indexOf('周报按时报送排名')).toBeGreaterThan(appendix);
    expect(html.indexOf('<table class="coverage keep">')).toBeGreaterThan(appendix);
    expect(html).toContain('<p>张湾区委组织部</p>\n<p>2023年6月21日</p>');
    expect(html).not.toContain('亮点数');
    // The 附注 goes under the date line, before the appendix.
    const annotation = html.indexOf('<p class="annotation">（注：数值满1万的以“万”为单位');
    expect(annotation).toBeGreaterThan(signature);
    expect(annotation).toBeLessThan(appendix);
  });

  it('should draw one heat-map cell per department and week', () => {
    const heatmap = html.slice(html.indexOf('<svg id="chart-coverage-heatmap"'));
    const cells = heatmap.slice(0, heatmap.indexOf('</svg>')).match(/<rect [^>]*width="20"/g) ?? [];
    expect(cells).toHaveLength(doc.coverage.grid!.length * 26);
  });

  it('should list coverage per department with on-time rates and a total', () => {
    expect(html).toContain(
      '<td class="name">区住建局</td><td class="num">24</td><td class="num">22</td><td class="num">19</td><td class="num">3</td><td class="num">2</td><td class="num">79.2%</td>',
    );
    expect(html).toMatch(/<tr class="total"><td class="name">合计<\/td>.*89\.2%/);
  });

  it('should keep the provenance in the metadata and note the rounding rule on the page', () => {
    expect(html).toMatch(/<meta name="description" content="本文件由160份周报[^"]*">/);
    expect(html.slice(html.indexOf('<body>'))).not.toContain('本文件由');
    expect(html).toContain('标“约”的数值经四舍五入');
  });

  it('should state the previous period and its completeness once', () => {
    expect(html.match(/2022年下半年应报周报182份，实报60份，上期数据不完整/g)).toHaveLength(1);
  });

  it('should title a department document with the department and name the organisation above it', () => {
    const department = renderHtml(departmentScopeFixture('hrss'));
    expect(department).toContain('<h1>区人社局2023年上半年工作成效</h1>');
    expect(department).toContain('<p class="org">张湾区委组织部</p>');
    // Centred over the title, as in the Word file, not justified to the left like body text.
    expect(department).toContain('.masthead p { text-indent: 0; text-align: center; }');
    expect(department).toContain('5,700名');
    expect(department).toContain('本单位本期应报周报24份');
    expect(department).not.toContain('附件');
    expect(department).not.toContain('合计</td>');
    expect(department).not.toContain('暂无');
  });

  it('should keep a short table on one page, as the Word file does, and let a long one break', () => {
    expect(html).toContain('table.keep { break-inside: avoid; page-break-inside: avoid; }');
    expect(html).toMatch(/<table class="ranking keep">/);
    const many = summaryDocumentFixture();
    const rows = Array.from({ length: 17 }, (_, i) => ({ ...many.rankings.onTime[0]!, name: `单位${i}` }));
    expect(renderHtml({ ...many, rankings: { ...many.rankings, onTime: rows } })).toContain(
      '<table class="ranking">',
    );
  });

  it('should set the appendix as GB/T 9704 does: 附件说明 under the text, 附件 over a centred title', () => {
    const note = html.indexOf('<p class="attachment-note">附件：各单位周报报送情况</p>');
    expect(note).toBeGreaterThan(html.indexOf('五、人才工作'));
    expect(note).toBeLessThan(html.indexOf('<div class="signature">'));
    expect(html).toContain('<p class="attachment-label">附件</p>\n<h2>各单位周报报送情况</h2>');
    expect(renderHtml(departmentScopeFixture('hrss'))).not.toContain('attachment-note">');
  });

  it('should leave out columns of dashes, tables of one row and a note with nothing to explain', () => {
    const department = renderHtml(departmentScopeFixture('party-office'));
    expect(department).not.toContain('上期（');
    expect(department).not.toContain('较上期');
    expect(department).toContain('表1\u3000政治建设主要数据');
    expect(department).not.toContain('服务大局主要数据');
    expect(department).not.toContain('class="annotation"');
  });

  it('should give the same bytes for the same input', () => {
    expect(renderHtml(summaryDocumentFixture())).toBe(html);
  });
});
