/**
 * Makes a Word package that holds charts reproducible. docx names the relationship of each part it adds
 * (a chart, a chart's workbook) with a random id, so two renderings of the same summary would differ in
 * word/document.xml and the rels. Those ids mean nothing outside the package: they are renamed here, in the
 * order they first appear with the parts taken in path order. docx also numbers drawings (wp:docPr ids)
 * with a counter that lives as long as the process, so they are renumbered from 1 in each part. The package,
 * and the workbooks embedded in it (a chart's data, zipped with the wall clock), are zipped again with fixed
 * timestamps, so the same summary always gives the same bytes. Packages without
 * drawings are returned as they are.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** docx's random part ids: "rId" and a lower-cased nanoid (21 characters of [a-z0-9_-]). */
const RANDOM_ID = /rId[a-z0-9_-]{21}(?![a-z0-9_-])/g;
const TEXT_PART = /\.(xml|rels)$/;
const DRAWING_ID = /(<wp:docPr id=")\d+"/g;

const EMBEDDED_ZIP = /\.(xlsx|docx|pptx)$/;

function rezip(bytes: Uint8Array, modified: Date): Uint8Array {
  const files = unzipSync(bytes);
  const zippable: Zippable = {};
  for (const path of Object.keys(files).sort()) {
    const data = files[path];
    if (data) zippable[path] = [data, { mtime: modified }];
  }
  return zipSync(zippable, { level: 6, mtime: modified });
}

export function stabiliseRelationshipIds(bytes: Uint8Array, modified: Date): Uint8Array {
  const files = unzipSync(bytes);
  const paths = Object.keys(files).sort();
  const renamed = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const path of paths) {
    const data = files[path];
    if (!data || !TEXT_PART.test(path)) continue;
    const text = strFromU8(data);
    for (const [id] of text.matchAll(RANDOM_ID)) {
      if (!renamed.has(id)) renamed.set(id, `rIdPart${renamed.size + 1}`);
    }
    texts.set(path, text);
  }
  const drawings = [...texts.values()].some((text) => text.includes('<wp:docPr id="'));
  if (renamed.size === 0 && !drawings) return bytes;
  const zippable: Zippable = {};
  for (const path of paths) {
    const text = texts.get(path);
    const data = files[path];
    if (!data) continue;
    let drawing = 0;
    const stable =
      text === undefined
        ? EMBEDDED_ZIP.test(path)
          ? rezip(data, modified)
          : data
        : strToU8(
            text
              .replace(RANDOM_ID, (id) => renamed.get(id) ?? id)
              .replace(DRAWING_ID, (_, open: string) => `${open}${++drawing}"`),
          );
    zippable[path] = [stable, { mtime: modified }];
  }
  return zipSync(zippable, { level: 6, mtime: modified });
}
