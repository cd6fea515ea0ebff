import { jest } from '@jest/globals';
import { Document, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { renderDocx } from '../../../../../shared/domain/documents';
import {
  docxCompiler,
  packageParts,
  stablePackage,
} from '../../../../../shared/domain/documents/stable-package';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../../fixtures/summary-document';

const MODIFIED = new Date(Date.UTC(2023, 5, 21, 2, 30));

function smallDocument(): Document {
  return new Document({
    sections: [{ children: [new Paragraph({ children: [new TextRun({ text: '第一段', bold: true })] })] }],
  });
}

describe('stablePackage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should give a department document the same bytes whenever it is rendered', async () => {
    // docx zips with the wall clock; the package must not carry it.
    jest.useFakeTimers({ now: new Date('2030-01-01T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const early = await renderDocx(departmentScopeFixture('hrss'));
    jest.setSystemTime(new Date('2031-07-01T17:45:10Z'));
    const late = await renderDocx(departmentScopeFixture('hrss'));
    expect(Buffer.from(late).equals(Buffer.from(early))).toBe(true);
  });

  it('should give a district document with charts the same bytes whenever it is rendered', async () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const early = await renderDocx(summaryDocumentFixture());
    jest.setSystemTime(new Date('2031-07-01T17:45:10Z'));
    const late = await renderDocx(summaryDocumentFixture());
    expect(Buffer.from(late).equals(Buffer.from(early))).toBe(true);
  });

  it("should take docx's parts without docx zipping them, in this version of docx", () => {
    // Without it rendering still works (through Packer.pack and an unzip), but zips every package twice.
    expect(docxCompiler()).toBeDefined();
  });

  it('should zip the same bytes from the compiled parts as from the parts of the package docx zips', async () => {
    // core.xml would carry docx's wall clock, which render-docx overrides too.
    const overrides = [
      { path: 'word/fontTable.xml', data: '<?xml version="1.0"?><w:fonts/>' },
      { path: 'docProps/core.xml', data: '<?xml version="1.0"?><cp:coreProperties/>' },
    ];
    const direct = stablePackage(await packageParts(smallDocument(), overrides), MODIFIED);
    const packed = stablePackage(await packageParts(smallDocument(), overrides, null), MODIFIED);
    expect(Buffer.from(direct).equals(Buffer.from(packed))).toBe(true);
    const parts = unzipSync(direct);
    expect(strFromU8(parts['word/fontTable.xml']!)).toBe(overrides[0]!.data);
    expect(strFromU8(parts['word/document.xml']!)).toContain('第一段');
  });

  it('should stamp every entry with the time given, in the order docx wrote the parts', async () => {
    const parts = await packageParts(smallDocument(), []);
    const bytes = stablePackage(parts, MODIFIED);
    const entries: string[] = [];
    unzipSync(bytes, {
      filter: (file) => {
        entries.push(file.name);
        return false;
      },
    });
    expect(entries).toEqual([...parts.keys()]);
    // The first local header's DOS date and time: 2023-06-21 02:30:00 in the process's time zone, as fflate
    // writes them from the Date.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const time = view.getUint16(10, true);
    const date = view.getUint16(12, true);
    expect({ hours: time >> 11, minutes: (time >> 5) & 63, year: 1980 + (date >> 9) }).toEqual({
      hours: MODIFIED.getHours(),
      minutes: MODIFIED.getMinutes(),
      year: MODIFIED.getFullYear(),
    });
  });
});
