/**
 * A zip of the given entries in fflate zipSync's layout, each entry deflated by Node's zlib, and each
 * distinct entry deflated once per process rather than once per package.
 *
 * Every Word document of a generation carries the same styles, numbering, settings, theme, notes and
 * relationships, and every workbook the same theme and relationships: about fifteen of a Word package's
 * nineteen entries. Deflating them anew for each of a generation's packages was a tenth of a Word
 * document's CPU and gave the same bytes every time (DEFLATE at a given level is a function of its input).
 * No DEFLATE API can be handed data it compressed before, so the container is written here, in zipSync's
 * layout: local headers and data in entry order, then the central directory and its end record, with no
 * data descriptors, extra fields or comments. A unit test holds it to zipSync's bytes where both store.
 *
 * The packages' entries are deflated by Node's zlib (`deflateRawSync`, native) at docx's and fflate's level
 * 6: fflate's DEFLATE, in JavaScript, was a tenth of a render process's CPU for the same level. The two
 * encoders write different DEFLATE streams for the same input, so the packages' bytes differ from what
 * fflate gave; what they unzip to does not (a unit test pins every part of a Word document and a workbook
 * as the fflate-deflated packages had them). zlib's output is a function of its input, level and the zlib
 * Node carries, so a runtime gives the same package every time and in any batch; another Node (Lambda's
 * nodejs22.x against a development machine's 20) may give other bytes for the same parts, which is why
 * nothing compares packages across runtimes. node:zlib is a Node built-in without I/O, as node:crypto
 * (for the cache's keys) is: the module stays pure.
 *
 * An entry is kept once it has been seen twice (by its SHA-1), so a package's own parts (document.xml, the
 * sheets) do not fill the cache; it is bounded in entries and bytes and simply starts over when full.
 *
 * `deflateEntry` and `zipDeflated` split the same work in two for a package whose constant parts were
 * deflated ahead of time (the report template's, at synth): the container is written from entries that
 * are already deflated. The template's skeleton keeps fflate's deflate, so its bytes stay as they were.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { deflateSync, type DeflateOptions } from 'fflate';

/** fflate's default level, at which docx and exceljs zipped their packages; kept with Node's zlib. */
export const ZIP_LEVEL = 6;

interface Deflated {
  crc: number;
  data: Uint8Array;
}

/** An entry deflated ahead of time: its CRC-32 and size before, and its raw DEFLATE data. */
export interface DeflatedEntry {
  crc: number;
  size: number;
  data: Uint8Array;
}

/** An entry's data deflated at `level` (not 0: zipDeflated writes every entry as deflated), without the cache. */
export function deflateEntry(data: Uint8Array, level: number = ZIP_LEVEL): DeflatedEntry {
  if (level < 1 || level > 9) throw new RangeError('A deflated entry needs a level from 1 to 9');
  return {
    crc: crc32(data),
    size: data.byteLength,
    data: deflateSync(data, { level: level as DeflateOptions['level'] }),
  };
}

const KEPT_BYTES_MAX = 8 * 1024 ** 2;
const SEEN_MAX = 20_000;
const kept = new Map<string, Deflated>();
const seen = new Set<string>();
let keptBytes = 0;

function deflated(data: Uint8Array, level: number): Deflated {
  const key = `${level}:${createHash('sha1').update(data).digest('base64')}`;
  const known = kept.get(key);
  if (known) return known;
  const result: Deflated = {
    crc: crc32(data),
    data: level === 0 ? data : deflateRawSync(data, { level }),
  };
  if (seen.has(key)) {
    if (keptBytes + result.data.byteLength > KEPT_BYTES_MAX) {
      kept.clear();
      keptBytes = 0;
    }
    // A copy of its own: stored data is the caller's, and zlib's output is a view of a 16 KiB chunk.
    kept.set(key, { crc: result.crc, data: Uint8Array.from(result.data) });
    keptBytes += result.data.byteLength;
  } else {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.add(key);
  }
  return result;
}

/**
 * An entry deflated by Node's zlib, for a package built while someone waits (the report template): it is
 * native, so a fresh process pays no compiling or warming up for it, where fflate's first deflate in a
 * cold process cost several milliseconds of CPU. zipEntries deflates the same way.
 */
export function deflateEntryNatively(data: Uint8Array, level: number = ZIP_LEVEL): DeflatedEntry {
  if (level < 1 || level > 9) throw new RangeError('A deflated entry needs a level from 1 to 9');
  return { crc: crc32(data), size: data.byteLength, data: deflateRawSync(data, { level }) };
}

/** The MS-DOS time and date of a zip header, from the local calendar fields as fflate takes them. */
function dosTime(modified: Date): number {
  const year = modified.getFullYear() - 1980;
  if (year < 0 || year > 119) throw new RangeError('A zip entry time must be in 1980–2099');
  return (
    ((year << 25) |
      ((modified.getMonth() + 1) << 21) |
      (modified.getDate() << 16) |
      (modified.getHours() << 11) |
      (modified.getMinutes() << 5) |
      (modified.getSeconds() >> 1)) >>>
    0
  );
}

/**
 * The zip of `entries` in their order, each stamped with `modified`, deflated at `level` (0 stores). Names
 * must be ASCII, as every part name of an Office package is (zipSync would set the UTF-8 flag otherwise).
 */
export function zipEntries(
  entries: readonly (readonly [name: string, data: Uint8Array])[],
  modified: Date,
  level: number = ZIP_LEVEL,
): Uint8Array {
  return writeZip(
    entries.map(([name, data]) => [name, { size: data.byteLength, ...deflated(data, level) }]),
    modified,
    level === 0 ? 0 : 8,
  );
}

/** The zip of entries deflated before (deflateEntry), in their order, each stamped with `modified`. */
export function zipDeflated(
  entries: readonly (readonly [name: string, entry: DeflatedEntry])[],
  modified: Date,
): Uint8Array {
  return writeZip(entries, modified, 8);
}

function writeZip(
  entries: readonly (readonly [name: string, entry: DeflatedEntry])[],
  modified: Date,
  method: 0 | 8,
): Uint8Array {
  const time = dosTime(modified);
  const files = entries.map(([name, entry]) => {
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(name)) throw new RangeError(`A zip entry name must be ASCII: ${name}`);
    return { name: Buffer.from(name, 'latin1'), ...entry };
  });
  const localBytes = files.reduce((total, file) => total + 30 + file.name.length + file.data.length, 0);
  const centralBytes = files.reduce((total, file) => total + 46 + file.name.length, 0);
  const out = new Uint8Array(localBytes + centralBytes + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  for (const file of files) {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed
    view.setUint16(at + 6, 0, true); // flags
    view.setUint16(at + 8, method, true);
    view.setUint32(at + 10, time, true);
    view.setUint32(at + 14, file.crc, true);
    view.setUint32(at + 18, file.data.length, true);
    view.setUint32(at + 22, file.size, true);
    view.setUint16(at + 26, file.name.length, true);
    view.setUint16(at + 28, 0, true); // extra field length
    out.set(file.name, at + 30);
    out.set(file.data, at + 30 + file.name.length);
    at += 30 + file.name.length + file.data.length;
  }
  const centralStart = at;
  files.forEach((file, index) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // version made by: 2.0, MS-DOS (zipSync's default)
    view.setUint16(at + 6, 20, true); // version needed
    view.setUint16(at + 8, 0, true); // flags
    view.setUint16(at + 10, method, true);
    view.setUint32(at + 12, time, true);
    view.setUint32(at + 16, file.crc, true);
    view.setUint32(at + 20, file.data.length, true);
    view.setUint32(at + 24, file.size, true);
    view.setUint16(at + 28, file.name.length, true);
    // extra and comment lengths, disk number, internal and external attributes: all zero
    view.setUint32(at + 42, offsets[index]!, true);
    out.set(file.name, at + 46);
    at += 46 + file.name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, files.length, true);
  view.setUint16(at + 10, files.length, true);
  view.setUint32(at + 12, at - centralStart, true);
  view.setUint32(at + 16, centralStart, true);
  return out;
}
