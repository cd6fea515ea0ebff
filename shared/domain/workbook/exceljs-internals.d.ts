// exceljs 4.4's own modules that workbook-bytes.ts writes a workbook's sheets with (the parts of its
// XLSX.addWorksheets); exceljs declares types for its public API only, so what is used is declared here.
declare module 'exceljs/lib/utils/xml-stream.js' {
  export default class XmlStream {
    /** The XML written so far, piece by piece; the `xml` getter closes every node and joins them. */
    _xml: string[];
    closeAll(): void;
    get xml(): string;
  }
}

declare module 'exceljs/lib/xlsx/xform/sheet/worksheet-xform.js' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream.js';
  export default class WorksheetXform {
    render(stream: XmlStream, model: unknown): void;
  }
}

declare module 'exceljs/lib/xlsx/xform/core/relationships-xform.js' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream.js';
  export default class RelationshipsXform {
    render(stream: XmlStream, model: unknown): void;
  }
}

declare module 'exceljs/lib/xlsx/xform/comment/comments-xform.js' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream.js';
  export default class CommentsXform {
    render(stream: XmlStream, model: unknown): void;
  }
}

declare module 'exceljs/lib/xlsx/xform/comment/vml-notes-xform.js' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream.js';
  export default class VmlNotesXform {
    render(stream: XmlStream, model: unknown): void;
  }
}
