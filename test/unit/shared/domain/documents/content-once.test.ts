import { buildContent } from '../../../../../shared/domain/documents/content';
import { contentOf } from '../../../../../shared/domain/documents/content-once';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../../fixtures/summary-document';

describe('contentOf', () => {
  it('should build the content once per document object, equal to buildContent', () => {
    const doc = summaryDocumentFixture();
    const first = contentOf(doc);
    expect(first).toEqual(buildContent(doc));
    expect(contentOf(doc)).toBe(first);
  });

  it('should build another document object anew, even with the same fields', () => {
    const doc = departmentScopeFixture('hrss');
    const copy = { ...doc, scopeName: '另一个单位' };
    expect(contentOf(copy)).not.toBe(contentOf(doc));
    expect(contentOf(copy).title).toContain('另一个单位');
  });
});
