/**
 * Text from a file or the filesystem (a signer's name, a CRL URL, a path) may
 * carry terminal control sequences: a newline that forges a line, a carriage
 * return that overwrites one, ESC or C1 sequences that clear the screen, set
 * the window title or hide a link, and bidi controls (Unicode UAX #9) that
 * reorder what a reader sees. Readable output and error messages pass such
 * text through `toPrintableText` so each of those characters is shown as a
 * visible escape and never acted on.
 */

/**
 * C0 controls, DEL, C1 controls (U+0080 to U+009F), the Arabic letter mark,
 * the left-to-right and right-to-left marks, the line and paragraph
 * separators, the bidi embeddings and overrides, and the bidi isolates.
 */
const unprintableCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Code points up to this value are written as `\xNN`, the rest as `\u{NNNN}`. */
const maxTwoDigitCodePoint = 0xff;

function escapeCharacter(character: string): string {
  const codePoint = character.codePointAt(0)!;
  const hex = codePoint.toString(16).toUpperCase();
  return codePoint <= maxTwoDigitCodePoint ? `\\x${hex.padStart(2, "0")}` : `\\u{${hex}}`;
}

/**
 * Replace every control and bidi control character in `text` with a visible
 * escape (`\x1B`, `\x0A`, `\u{202E}`). Other Unicode, such as "Łódź", is kept.
 * NOTE: a backslash is kept as is, so Windows paths stay readable; a name that
 * spells out `\x1B` literally therefore looks like an escaped ESC.
 */
export function toPrintableText(text: string): string {
  return text.replace(unprintableCharacters, escapeCharacter);
}

/**
 * Like `toPrintableText`, but keeps line feeds: for messages built from
 * several lines on purpose, such as a query error with a caret line under it.
 */
export function toPrintableLines(text: string): string {
  return text.split("\n").map(toPrintableText).join("\n");
}
