import { monthSpans, renderCoverageHeatmap } from '../../../../../shared/domain/documents/charts';
import { summaryDocumentFixture } from '../../../../fixtures/summary-document';

const HALF_YEAR = Array.from({ length: 26 }, (_, i) => `2023-W${String(i + 1).padStart(2, '0')}`);

describe('monthSpans', () => {
  it('groups weeks by the month of their Thursday', () => {
    expect(monthSpans(HALF_YEAR, 'Asia/Shanghai')).toEqual([
      { label: '1月', start: 0, count: 4 },
      { label: '2月', start: 4, count: 4 },
      { label: '3月', start: 8, count: 5 },
      { label: '4月', start: 13, count: 4 },
      { label: '5月', start: 17, count: 4 },
      { label: '6月', start: 21, count: 5 },
    ]);
  });

  it('heads a week it cannot read with the week itself', () => {
    expect(monthSpans(['2023-W01', 'soon'], 'Asia/Shanghai')).toEqual([
      { label: '1月', start: 0, count: 1 },
      { label: 'soon', start: 1, count: 1 },
    ]);
  });
});

describe('the coverage heat map', () => {
  const svg = renderCoverageHeatmap(summaryDocumentFixture());

  it('heads its columns by month, not by ISO week number', () => {
    const labels = [...svg.matchAll(/<text [^>]*class="axis">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(expect.arrayContaining(['1月', '6月']));
    expect(labels.filter((label) => /^\d+$/.test(label ?? ''))).toEqual([]);
  });
});
