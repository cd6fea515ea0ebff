/**
 * Zips a Word package from docx's parts so that the same summary always gives the same bytes.
 *
 * docx's own Packer.pack zips with the wall clock as every entry's time and has no option for it, so two
 * renderings of one summary a second apart differed in their bytes. Its parts are therefore taken before it
 * zips them (packageParts) and zipped once here, with the summary's generatedAt as the time, at docx's level and
 * in its order. Taking the parts also spares the packages with charts a second pass: they were zipped by docx,
 * unzipped and decoded here, and zipped again.
 *
 * Charts need more. docx names the relationship of each part it adds (a chart, a chart's workbook) with a
 * random id, so two renderings would differ in word/document.xml and the rels. Those ids mean nothing outside
 * the package: they are renamed, in the order they first appear with the parts taken in path order. docx also
 * numbers drawings (wp:docPr ids) with a counter that lives as long as the process, so they are renumbered from
 * 1 in each part. Such a package is zipped in path order, and the workbooks embedded in it (a chart's data,
 * zipped by docx with the wall clock) are zipped again with the fixed time.
 */
import { Packer, type Document } from 'docx';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { ZIP_LEVEL, zipEntries } from '../zip';

/** A package's parts by path, in docx's order: XML as text, anything else (an embedded workbook) as bytes. */
export type PackageParts = Map<string, string | Uint8Array>;

/** A part docx is given ready-made instead of the one it would write (Packer.pack's overrides). */
export interface PartOverride {
  path: string;
  data: string;
}

/**
 * What Packer.pack zips. docx keeps it as a private static member, so it is reached through a cast and checked
 * before use: a docx without it still works, through the public Packer.pack and one unzip.
 */
interface DocxCompiler {
  compile(file: Document, prettify: undefined, overrides: readonly PartOverride[]): Map<string, unknown>;
}

export function docxCompiler(): DocxCompiler | undefined {
  const compiler = (Packer as unknown as { compiler?: Partial<DocxCompiler> }).compiler;
  return typeof compiler?.compile === 'function' ? (compiler as DocxCompiler) : undefined;
}

/**
 * The document's parts as docx writes them, without docx zipping them. `compiler` null takes the public way
 * (Packer.pack, then unzip), which the tests compare with the direct one.
 */
export async function packageParts(
  document: Document,
  overrides: readonly PartOverride[],
  compiler: DocxCompiler | null = docxCompiler() ?? null,
): Promise<PackageParts> {
  if (!compiler)
    return new Map(Object.entries(unzipSync(await Packer.pack(document, 'uint8array', false, overrides))));
  const parts: PackageParts = new Map();
  for (const [path, data] of compiler.compile(document, undefined, overrides)) {
    if (typeof data === 'string' || data instanceof Uint8Array) parts.set(path, data);
    else if (ArrayBuffer.isView(data))
      parts.set(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else throw new TypeError(`docx compiled ${path} to something that is neither text nor bytes`);
  }
  return parts;
}

/** docx's random part ids: "rId" and a lower-cased nanoid (21 characters of [a-z0-9_-]). */
const RANDOM_ID = /rId[a-z0-9_-]{21}(?![a-z0-9_-])/g;
const TEXT_PART = /\.(xml|rels)$/;
const DRAWING_ID = /(<wp:docPr id=")\d+"/g;

const EMBEDDED_ZIP = /\.(xlsx|docx|pptx)$/;

/**
 * docx zips at fflate's default level, and zip.ts deflates at the same level with Node's zlib (a package
 * unzips to the same parts as docx's own). The parts every package shares (styles, numbering, theme, …) are
 * deflated once per process (zip.ts).
 */
const LEVEL = ZIP_LEVEL;

function rezip(bytes: Uint8Array, modified: Date): Uint8Array {
  const files = unzipSync(bytes);
  const entries: [string, Uint8Array][] = [];
  for (const path of Object.keys(files).sort()) {
    const data = files[path];
    if (data) entries.push([path, data]);
  }
  return zipEntries(entries, modified, LEVEL);
}

const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? strToU8(data) : data);

/** The package's bytes: its parts zipped with `modified` as their time, charts' ids made stable (see above). */
export function stablePackage(parts: PackageParts, modified: Date): Uint8Array {
  const paths = [...parts.keys()].sort();
  const renamed = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const path of paths) {
    const data = parts.get(path);
    if (data === undefined || !TEXT_PART.test(path)) continue;
    const text = typeof data === 'string' ? data : strFromU8(data);
    for (const [id] of text.matchAll(RANDOM_ID)) {
      if (!renamed.has(id)) renamed.set(id, `rIdPart${renamed.size + 1}`);
    }
    texts.set(path, text);
  }
  const drawings = [...texts.values()].some((text) => text.includes('<wp:docPr id="'));
  const entries: [string, Uint8Array][] = [];
  if (renamed.size === 0 && !drawings) {
    for (const [path, data] of parts) entries.push([path, bytesOf(data)]);
    return zipEntries(entries, modified, LEVEL);
  }
  for (const path of paths) {
    const text = texts.get(path);
    const data = parts.get(path);
    if (data === undefined) continue;
    let drawing = 0;
    const stable =
      text === undefined
        ? EMBEDDED_ZIP.test(path)
          ? rezip(bytesOf(data), modified)
          : bytesOf(data)
        : strToU8(
            text
              .replace(RANDOM_ID, (id) => renamed.get(id) ?? id)
              .replace(DRAWING_ID, (_, open: string) => `${open}${++drawing}"`),
          );
    entries.push([path, stable]);
  }
  return zipEntries(entries, modified, LEVEL);
}
