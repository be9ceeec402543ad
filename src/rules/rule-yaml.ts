/**
 * Reads the YAML of a hunting rule. Published rule files are not always
 * valid YAML: the RMM rules indent `dataTypes:` at the column of the `-` of
 * the `requiredDataConnectors` item it belongs to, which strict parsers
 * (yaml 2 included) reject with "All mapping items must start at the same
 * column". When strict parsing fails, the text is repaired for that mistake
 * and parsed again.
 */
import { isMap, isScalar, parseDocument, type Document, type YAMLError } from "yaml";
import { RuleFormatError } from "./rule.js";

export interface BlockScalarPosition {
  readonly headerLine: number;
  readonly indent: number;
}

export interface RuleDocument {
  readonly fields: Record<string, unknown>;
  /** Line (1-based) of the first line of each top-level key's value. */
  readonly valueLines: ReadonlyMap<string, number>;
  /** For a block scalar (`|`), the line before its content and the content's indentation. */
  readonly blockScalars: ReadonlyMap<string, BlockScalarPosition>;
}

/** Parses rule YAML; `file` names the source in errors. */
export function readRuleDocument(text: string, file: string): RuleDocument {
  const normalized = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  let document = parseDocument(normalized);
  if (document.errors.length > 0) {
    const repaired = repairMisindentedItemKeys(normalized);
    if (repaired !== normalized) document = parseDocument(repaired);
  }
  const error = document.errors[0];
  if (error) throw yamlError(file, error);
  return describeDocument(document, normalized, file);
}

function yamlError(file: string, error: YAMLError): RuleFormatError {
  const line = error.linePos?.[0]?.line ?? 1;
  const firstLine = error.message.split("\n")[0] ?? error.message;
  const detail = firstLine.replace(/ at line \d+, column \d+:?$/, "");
  return new RuleFormatError(file, { line }, `invalid YAML: ${detail}`, { cause: error });
}

function describeDocument(document: Document, text: string, file: string): RuleDocument {
  if (!isMap(document.contents)) {
    throw new RuleFormatError(file, { line: 1 }, "expected a YAML mapping with id, name and query");
  }
  const lineStarts = lineStartOffsets(text);
  const valueLines = new Map<string, number>();
  const blockScalars = new Map<string, { headerLine: number; indent: number }>();
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const node = pair.value as { range?: [number, number, number]; type?: string } | null;
    if (!node?.range) continue;
    const line = lineAt(lineStarts, node.range[0]);
    valueLines.set(key, line);
    if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
      blockScalars.set(key, { headerLine: line, indent: blockIndent(text, lineStarts, line) });
    }
  }
  return { fields: document.toJS() as Record<string, unknown>, valueLines, blockScalars };
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function lineAt(lineStarts: readonly number[], offset: number): number {
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line += 1;
  return line + 1;
}

/** Indentation of the first non-blank line after a block scalar's header line. */
function blockIndent(text: string, lineStarts: readonly number[], headerLine: number): number {
  for (let line = headerLine; line < lineStarts.length; line += 1) {
    const end = lineStarts[line + 1] ?? text.length;
    const content = text.slice(lineStarts[line], end).replace(/\n$/, "");
    if (content.trim() !== "") return content.length - content.trimStart().length;
  }
  return 0;
}

// Repair

const sequenceItemWithKey = /^( *)(- +)[^\s#'"][^:#]*:(?: |$)/;
const mappingKey = /^( *)[^\s#'"-][^:#]*:(?: |$)/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === "" || trimmed.startsWith("#");
}

/**
 * Moves a key that sits at the column of the `- ` of the sequence item
 * before it over to the column of that item's first key, together with the
 * lines nested under it:
 *
 *     requiredDataConnectors:            requiredDataConnectors:
 *         - connectorId: X          →        - connectorId: X
 *         dataTypes:                           dataTypes:
 *             - Y                                  - Y
 *
 * Only sequences indented deeper than their parent key are touched: in a
 * sequence written at its parent's column, a key at that column is the
 * parent's sibling and valid YAML. Line numbers do not change.
 */
export function repairMisindentedItemKeys(text: string): string {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const item = sequenceItemWithKey.exec(lines[index]!);
    if (!item) continue;
    const itemIndent = item[1]!.length;
    const keyIndent = itemIndent + item[2]!.length;
    if (!isIndentedUnderParent(lines, index, itemIndent)) continue;
    repairItem(lines, index + 1, itemIndent, keyIndent);
  }
  return lines.join("\n");
}

/** True when the sequence holding line `itemIndex` is indented deeper than the key that owns it. */
function isIndentedUnderParent(
  lines: readonly string[],
  itemIndex: number,
  itemIndent: number,
): boolean {
  for (let index = itemIndex - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    const indent = indentOf(line);
    if (indent > itemIndent) continue;
    if (indent === itemIndent && line.trimStart().startsWith("-")) continue;
    return indent < itemIndent && mappingKey.test(line);
  }
  return false;
}

function repairItem(lines: string[], start: number, itemIndent: number, keyIndent: number): void {
  const shift = " ".repeat(keyIndent - itemIndent);
  let inMovedKey = false;
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    const indent = indentOf(line);
    if (indent < itemIndent) return;
    if (indent === itemIndent) {
      if (!mappingKey.test(line)) return;
      inMovedKey = true;
      lines[index] = shift + line;
    } else if (inMovedKey) {
      lines[index] = shift + line;
    }
  }
}
