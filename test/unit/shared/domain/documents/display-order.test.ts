import { byDepartmentName } from '../../../../../shared/domain/documents/display-order';
import { renderMarkdown } from '../../../../../shared/domain/documents';
import { summaryDocumentFixture } from '../../../../fixtures/summary-document';
import type { SummaryDocument } from '../../../../../shared/domain/summary';

function withDepartments(names: Record<string, string>): SummaryDocument {
  const doc = summaryDocumentFixture();
  const template = doc.coverage.byDepartment[0]!;
  const ids = Object.keys(names).sort();
  return {
    ...doc,
    departments: ids.map((departmentId) => ({ departmentId, name: names[departmentId]! })),
    coverage: {
      ...doc.coverage,
      byDepartment: ids.map((departmentId) => ({ ...template, departmentId, name: names[departmentId]! })),
      grid: ids.map((departmentId) => ({ departmentId, weeks: doc.coverage.grid![0]!.weeks })),
    },
  };
}

describe('the order of departments in documents', () => {
  const doc = withDepartments({ qwb: '区委办', hwjd: '红卫街道', rsj: '区人社局', xcjkq: '西城经济开发区' });

  it('lists departments by the pinyin of their names, not by id', () => {
    expect(byDepartmentName(doc, doc.coverage.byDepartment).map((d) => d.name)).toEqual([
      '红卫街道',
      '区人社局',
      '区委办',
      '西城经济开发区',
    ]);
  });

  it('breaks a tie between equal names by id', () => {
    const twins = withDepartments({ b: '区委办', a: '区委办' });
    expect(byDepartmentName(twins, twins.coverage.grid!).map((row) => row.departmentId)).toEqual(['a', 'b']);
  });

  it('uses that order in the coverage table of a rendered document', () => {
    const markdown = renderMarkdown(doc);
    const coverage = markdown.slice(markdown.indexOf('| 单位 | 应报 |'));
    const positions = ['红卫街道', '区人社局', '区委办', '西城经济开发区'].map((name) =>
      coverage.indexOf(`| ${name} |`),
    );
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
