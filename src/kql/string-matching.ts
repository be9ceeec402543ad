/**
 * KQL's string operators. `has` matches whole terms: KQL's documentation on
 * string operators defines a term as a maximal run of alphanumeric
 * characters, and gives `"North America" has "america"` as true and
 * `"KustoExplorerQueryRun" has "Explorer"` as false.
 */

/**
 * Letters, combining marks and digits of any script, so "Krämer" and
 * "DWSNET OÜ" keep their non-ASCII letters inside a term.
 * NOTE: Microsoft's page says "alphanumeric", but a republished copy of it
 * says "ASCII alphanumeric". Unicode is chosen so that "Krämer" is one term.
 */
const termCharacter = /[\p{L}\p{M}\p{N}]/u;
const asciiOnly = /^[\x00-\x7f]*$/;

function isTermCodePoint(codePoint: number | undefined): boolean {
  if (codePoint === undefined) return false;
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x41 && codePoint <= 0x5a) ||
      (codePoint >= 0x61 && codePoint <= 0x7a)
    );
  }
  return termCharacter.test(String.fromCodePoint(codePoint));
}

/** Return the code point that ends just before `index`, stepping over a surrogate pair. */
function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  if (isLowSurrogate && index >= 2) return text.codePointAt(index - 2);
  return low;
}

/**
 * Lower-cases text without changing its length in UTF-16 code units, so that
 * positions in the folded text are positions in the original. The few
 * characters whose lower case is longer (such as U+0130) are kept as they are.
 */
export function foldCase(text: string): string {
  if (asciiOnly.test(text)) return text.toLowerCase();
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = "";
  for (const char of text) {
    const lowerChar = char.toLowerCase();
    folded += lowerChar.length === char.length ? lowerChar : char;
  }
  return folded;
}

/** A string test with its needle prepared once. */
export type StringMatcher = (haystack: string) => boolean;

/**
 * `has` and `has_cs`: the needle occurs in the haystack at a place where it
 * neither starts inside a term nor ends inside one. Every term of the needle
 * is then a whole term of the haystack, and the needle's own separators match
 * literally: 'Enter S.R.L.' matches "ENTER S.R.L." but 'Enter Srl' matches
 * neither "Center Srl" nor "Enterprise Srl".
 * A needle with no term characters, such as "", matches wherever it
 * occurs as a substring; KQL's behaviour there is not documented.
 */
export function hasMatcher(needle: string, caseSensitive: boolean): StringMatcher {
  const folded = caseSensitive ? needle : foldCase(needle);
  const startsWithTerm = isTermCodePoint(folded.codePointAt(0));
  const endsWithTerm = isTermCodePoint(codePointBefore(folded, folded.length));
  return (haystack) => {
    const text = caseSensitive ? haystack : foldCase(haystack);
    for (let index = text.indexOf(folded); index >= 0; index = text.indexOf(folded, index + 1)) {
      const end = index + folded.length;
      const startsInsideTerm = startsWithTerm && isTermCodePoint(codePointBefore(text, index));
      const endsInsideTerm = endsWithTerm && isTermCodePoint(text.codePointAt(end));
      if (!startsInsideTerm && !endsInsideTerm) return true;
      if (index >= text.length) break;
    }
    return false;
  };
}

export function containsMatcher(needle: string, caseSensitive: boolean): StringMatcher {
  if (caseSensitive) return (haystack) => haystack.includes(needle);
  const folded = foldCase(needle);
  return (haystack) => foldCase(haystack).includes(folded);
}

export function startsWithMatcher(needle: string, caseSensitive: boolean): StringMatcher {
  if (caseSensitive) return (haystack) => haystack.startsWith(needle);
  const folded = foldCase(needle);
  return (haystack) => foldCase(haystack).startsWith(folded);
}

export function endsWithMatcher(needle: string, caseSensitive: boolean): StringMatcher {
  if (caseSensitive) return (haystack) => haystack.endsWith(needle);
  const folded = foldCase(needle);
  return (haystack) => foldCase(haystack).endsWith(folded);
}

export function equalsIgnoringCaseMatcher(needle: string): StringMatcher {
  const folded = foldCase(needle);
  return (haystack) => foldCase(haystack) === folded;
}

type MatcherFactory = (needle: string) => StringMatcher;

/**
 * Positive string operators by name; a `!` prefix negates one. KQL makes
 * `has`, `contains`, `startswith` and `endswith` case-insensitive and their
 * `_cs` forms case-sensitive.
 */
export const stringMatcherFactories: ReadonlyMap<string, MatcherFactory> = new Map<
  string,
  MatcherFactory
>([
  ["has", (needle) => hasMatcher(needle, false)],
  ["has_cs", (needle) => hasMatcher(needle, true)],
  ["contains", (needle) => containsMatcher(needle, false)],
  ["contains_cs", (needle) => containsMatcher(needle, true)],
  ["startswith", (needle) => startsWithMatcher(needle, false)],
  ["startswith_cs", (needle) => startsWithMatcher(needle, true)],
  ["endswith", (needle) => endsWithMatcher(needle, false)],
  ["endswith_cs", (needle) => endsWithMatcher(needle, true)],
  ["=~", (needle) => equalsIgnoringCaseMatcher(needle)],
  ["==", (needle) => (haystack) => haystack === needle],
]);
