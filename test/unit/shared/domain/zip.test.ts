import { createHash, randomBytes } from 'node:crypto';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { renderDocx, renderXlsx, type SourceReport } from '../../../../shared/domain/documents';
import { deflateEntry, deflateEntryNatively, zipDeflated, zipEntries } from '../../../../shared/domain/zip';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../fixtures/summary-document';

const MODIFIED = new Date(Date.UTC(2023, 5, 21, 2, 30, 17));

/** What fflate's zipSync writes for the entries, as the renderers called it before zip.ts. */
function fflateZip(entries: [string, Uint8Array][], modified: Date, level: 0 | 6): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, data] of entries) zippable[name] = [data, { mtime: modified }];
  return zipSync(zippable, { level, mtime: modified });
}

describe('zipEntries', () => {
  /** The same entries deflated one by one by Node's zlib and put in the container (no cache involved). */
  const nativeZip = (entries: [string, Uint8Array][], modified: Date) =>
    zipDeflated(
      entries.map(([name, data]) => [name, deflateEntryNatively(data)] as const),
      modified,
    );

  const unzipped = (bytes: Uint8Array) =>
    Object.entries(unzipSync(bytes)).map(([name, data]) => [name, Buffer.from(data)]);

  it("should write zipSync's container for a Word package's and a workbook's entries, deflated by Node's zlib", async () => {
    for (const bytes of [
      await renderDocx(summaryDocumentFixture()),
      await renderXlsx(departmentScopeFixture('hrss')),
    ]) {
      const entries = Object.entries(unzipSync(bytes));
      expect(entries.length).toBeGreaterThan(5);
      // Stored, the container is all there is: byte for byte zipSync's.
      expect(Buffer.from(zipEntries(entries, MODIFIED, 0))).toEqual(
        Buffer.from(fflateZip(entries, MODIFIED, 0)),
      );
      const zipped = zipEntries(entries, MODIFIED);
      expect(Buffer.from(zipped)).toEqual(Buffer.from(nativeZip(entries, MODIFIED)));
      expect(unzipped(zipped)).toEqual(unzipped(fflateZip(entries, MODIFIED, 6)));
    }
  });

  it('should write the same bytes for stored, empty, repeated and incompressible entries each time', () => {
    const shared = strToU8('<?xml version="1.0"?><w:styles>'.repeat(200));
    const entries: [string, Uint8Array][] = [
      ['[Content_Types].xml', strToU8('<Types/>')],
      ['xl/', new Uint8Array(0)],
      ['word/styles.xml', shared],
      ['word/media/image1.png', randomBytes(3000)],
      ['word/styles-copy.xml', shared],
    ];
    // Three times: from the second on, the repeated entries come from what was kept of the first.
    for (let round = 0; round < 3; round++) {
      expect(Buffer.from(zipEntries(entries, MODIFIED, 0))).toEqual(
        Buffer.from(fflateZip(entries, MODIFIED, 0)),
      );
      const zipped = zipEntries(entries, MODIFIED, 6);
      expect(Buffer.from(zipped)).toEqual(Buffer.from(nativeZip(entries, MODIFIED)));
      expect(unzipped(zipped)).toEqual(entries.map(([name, data]) => [name, Buffer.from(data)]));
    }
  });

  it('should give back every entry unchanged', () => {
    const entries: [string, Uint8Array][] = [
      ['a.xml', strToU8('<a>一</a>'.repeat(50))],
      ['b/c.xml', randomBytes(100)],
    ];
    const unzipped = unzipSync(zipEntries(entries, MODIFIED));
    expect(Object.keys(unzipped)).toEqual(['a.xml', 'b/c.xml']);
    expect(Buffer.from(unzipped['a.xml']!)).toEqual(Buffer.from(entries[0]![1]));
    expect(Buffer.from(unzipped['b/c.xml']!)).toEqual(Buffer.from(entries[1]![1]));
  });

  it('should write the same zip from entries deflated ahead of time (deflateEntry, zipDeflated)', () => {
    const entries: [string, Uint8Array][] = [
      ['[Content_Types].xml', strToU8('<Types/>')],
      ['xl/', new Uint8Array(0)],
      ['xl/sharedStrings.xml', strToU8('<sst><si><t>区委办</t></si></sst>'.repeat(30))],
      ['media/image1.png', randomBytes(500)],
    ];
    const ahead = entries.map(([name, data]) => [name, deflateEntry(data)] as const);
    expect(Buffer.from(zipDeflated(ahead, MODIFIED))).toEqual(Buffer.from(fflateZip(entries, MODIFIED, 6)));
    expect(() => deflateEntry(new Uint8Array(1), 0)).toThrow(RangeError);
  });

  it('should zip entries deflated by Node’s zlib so that they unzip to the same data', () => {
    const entries: [string, Uint8Array][] = [
      ['xl/sharedStrings.xml', strToU8('<sst><si><t>区委办</t></si></sst>'.repeat(30))],
      ['xl/worksheets/sheet1.xml', randomBytes(300)],
      ['xl/', new Uint8Array(0)],
    ];
    const zipped = zipDeflated(
      entries.map(([name, data]) => [name, deflateEntryNatively(data)] as const),
      MODIFIED,
    );
    expect(Object.entries(unzipSync(zipped)).map(([name, data]) => [name, Buffer.from(data)])).toEqual(
      entries.map(([name, data]) => [name, Buffer.from(data)]),
    );
    expect(() => deflateEntryNatively(new Uint8Array(1), 0)).toThrow(RangeError);
  });

  it('should refuse a name zipSync would mark as UTF-8 and a time before 1980', () => {
    expect(() => zipEntries([['图1.xml', new Uint8Array(1)]], MODIFIED)).toThrow(RangeError);
    expect(() => zipEntries([['a.xml', new Uint8Array(1)]], new Date(Date.UTC(1979, 0, 1)))).toThrow(
      RangeError,
    );
  });
});

/**
 * Every part of a package, in the package's order, as `name sha256` lines; an embedded package (a chart's
 * workbook inside a Word document) is listed by its own parts, since its zip bytes are the encoder's.
 */
function partsListing(bytes: Uint8Array, prefix = ''): string[] {
  return Object.entries(unzipSync(bytes)).flatMap(([name, data]) =>
    /\.(xlsx|docx)$/.test(name)
      ? partsListing(data, `${prefix}${name}!`)
      : [`${prefix}${name} ${createHash('sha256').update(data).digest('hex')}`],
  );
}

const digestOf = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');

describe("the packages' parts", () => {
  const sources: SourceReport[] = [
    {
      departmentId: 'party-office',
      week: '2023-W02',
      revision: 2,
      items: [
        {
          theme: 'political',
          title: '专题轮训',
          detail: '分批次',
          highlight: true,
          metrics: [{ metric: 'cadres-trained', value: '120', unit: '人次' }],
        },
      ],
    },
  ];

  // Pinned on the tree whose packages fflate deflated (before the switch to Node's zlib): the encoder may
  // change a package's bytes, never what it unzips to, nor the parts' names and order.
  it.each([
    [
      'a department Word document',
      () => renderDocx(departmentScopeFixture('party-office')),
      'f60e9b9affd7e9b8b26a2c5951d5225b9eb07fc1b43d2dabab557b52ee63c2d2',
    ],
    [
      'the district Word document (with charts)',
      () => renderDocx(summaryDocumentFixture()),
      '21c4a2057a3e66d93b677a59c43c8d16882cf3485706e5af6f531df08d6fe5a8',
    ],
    [
      'a department workbook',
      () => renderXlsx(departmentScopeFixture('party-office'), sources),
      '7a8778a6b8a51ed34f7c68691450a3485949b543b02a30959a120b515770511d',
    ],
    [
      'the district workbook',
      () => renderXlsx(summaryDocumentFixture(), sources),
      '9e730f8f4b76394632aa483d3388ce73ae67aaf5e11c140191e871d5335eb57e',
    ],
  ])('should unzip %s to the same parts as before', async (_, render, pinned) => {
    const listing = partsListing(await render());
    expect(listing.length).toBeGreaterThan(8);
    expect(digestOf(listing)).toBe(pinned);
  });
});
