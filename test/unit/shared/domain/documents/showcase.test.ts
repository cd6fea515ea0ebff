import {
  renderShowcaseHtml,
  renderShowcaseMarkdown,
  showcaseContent,
} from '../../../../../shared/domain/documents/showcase';
import type { SummaryDocument } from '../../../../../shared/domain/summary';
import {
  HOSTILE_DEPARTMENT_NAME,
  HOSTILE_SCRIPT,
  summaryDocumentFixture,
} from '../../../../fixtures/summary-document';

/** The fixture's content, relabelled as one week: the renderers only read the document. */
function weekDocument(): SummaryDocument {
  return { ...summaryDocumentFixture(), period: '2023-W10', periodTitle: '2023年第10周' };
}

const metric = (id: string, value: string, previous: string | null) => ({
  metric: id,
  theme: 'talent',
  label: '人才奖励资金',
  unit: '元',
  aggregate: 'sum' as const,
  headline: false,
  sentence: null,
  value,
  comparison:
    previous === null
      ? null
      : { basisDepartmentCount: 1, current: value, previous, change: '1', changeRate: null },
  byDepartment: [],
  weekly: [],
  reportingDepartments: 0,
});

describe('the weekly showcase', () => {
  it('should show a rounded figure with its exact value beside it, and say when there is nothing to compare it with', () => {
    const doc = { ...weekDocument(), metrics: [metric('award-money', '126700.5', null)] };
    const markdown = renderShowcaseMarkdown(doc);
    expect(markdown).toContain('**约12.67万元（126,700.5元）**（上周无同口径数据）');
    expect(renderShowcaseHtml(doc)).toContain(
      '<td data-label="本周">约12.67万元（126,700.5元）</td><td data-label="上周">—</td><td data-label="环比">无同口径数据</td>',
    );
  });

  it('should word a change against the week before as official documents do, never as "+"', () => {
    const doc = { ...weekDocument(), metrics: [metric('award-money', '72', '42')] };
    const figure = showcaseContent(doc).figures[0]!;
    expect(figure.change).toBe('增加1元');
    expect(figure.change).not.toMatch(/^[+−-]/);
  });

  it('should leave out figures that are zero this week and the week before', () => {
    const doc = { ...weekDocument(), metrics: [metric('award-money', '0', '0'), metric('x', '0', null)] };
    expect(showcaseContent(doc).figures).toEqual([]);
    expect(renderShowcaseMarkdown(doc)).toContain('本周没有报送数据。');
  });

  it('should escape report text and department names in both formats', () => {
    const doc = weekDocument();
    const html = renderShowcaseHtml(doc);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain('<b>"数据"</b>');
    expect(renderShowcaseMarkdown(doc)).not.toContain(HOSTILE_DEPARTMENT_NAME);
  });

  it('should title the week with its dates and fit a phone screen', () => {
    const html = renderShowcaseHtml(weekDocument());
    expect(html).toContain('2023年第10周（3月6日—3月12日）');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
});

describe('the showcase on a phone', () => {
  it('should stack each figure under its label instead of squeezing four columns', () => {
    const html = renderShowcaseHtml(weekDocument());
    expect(html).toMatch(
      /@media \(max-width:30rem\)\{table,tbody,tr,td\{display:block\}thead\{display:none\}/,
    );
    expect(html).toMatch(
      /<td data-label="本周">[^<]+<\/td><td data-label="上周">[^<]+<\/td><td data-label="环比">/,
    );
    expect(html).toContain('td[data-label]::before{content:attr(data-label)');
  });

  it('should have no ASCII space in its title', () => {
    expect(showcaseContent(weekDocument()).title).toBe('张湾区委组织部周晒');
  });

  it('should say an unchanged figure is level with the week before, not with a 上期', () => {
    const doc = {
      ...weekDocument(),
      metrics: [
        {
          ...metric('award-money', '42', '42'),
          comparison: {
            basisDepartmentCount: 1,
            current: '42',
            previous: '42',
            change: '0',
            changeRate: '0.0000',
          },
        },
      ],
    };
    expect(showcaseContent(doc).figures[0]?.change).toBe('与上周持平');
  });
});
