/**
 * A small extractor of markdown pipe tables, for tests that check catalog data against a source
 * document. Each table is returned with the bold caption line (`**...**`) closest above it, if any.
 */

export interface MarkdownTable {
  /** Text of the nearest preceding line that is entirely bold (`**caption**`), without the asterisks. */
  readonly caption: string | undefined;
  /** 1-based line number of the header row in the document. */
  readonly line: number;
  /** Header cells, cleaned with `cleanCell`. */
  readonly header: readonly string[];
  /** Data rows (the header and the `|:---|` delimiter row excluded); cells as written, untrimmed. */
  readonly rows: readonly (readonly string[])[];
}

const CAPTION = /^\s*\*\*([^*]+)\*\*\s*$/;
const DELIMITER_CELL = /^\s*:?-{3,}:?\s*$/;

/** Splits one `| a | b |` line into cells, honouring `\|` escapes. */
export function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  cells.push(current);
  return cells;
}

/** Normalizes a cell: `<br/>` to a space, `&amp;` to `&`, `\*` to `*`, whitespace collapsed, trimmed. */
export function cleanCell(cell: string): string {
  return cell
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\\\*/g, '*')
    .replace(/\s+/g, ' ')
    .trim();
}

function isTableLine(line: string): boolean {
  return line.trim().startsWith('|');
}

function isDelimiterRow(line: string): boolean {
  const cells = splitRow(line);
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c));
}

/** Extracts every pipe table (a row followed by a delimiter row, then data rows) from `text`. */
export function extractTables(text: string): MarkdownTable[] {
  const lines = text.split(/\r?\n/);
  const tables: MarkdownTable[] = [];
  let caption: string | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const bold = CAPTION.exec(line);
    if (bold) {
      caption = bold[1].trim();
      i++;
      continue;
    }
    if (isTableLine(line) && i + 1 < lines.length && isTableLine(lines[i + 1]) && isDelimiterRow(lines[i + 1])) {
      const header = splitRow(line).map(cleanCell);
      const rows: string[][] = [];
      let j = i + 2;
      while (j < lines.length && isTableLine(lines[j])) {
        rows.push(splitRow(lines[j]));
        j++;
      }
      tables.push({ caption, line: i + 1, header, rows });
      caption = undefined;
      i = j;
      continue;
    }
    i++;
  }
  return tables;
}
