/**
 * The character-level rules of XML 1.0 that both ends of the Server API share: which characters
 * a document can carry, how an attribute value is written so that it is read back byte-exact,
 * and how a conformant parser reads it back.
 */

export interface ForbiddenChar {
  /** Index in UTF-16 code units. */
  index: number;
  codePoint: number;
}

/** XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Any character outside XML 1.0 `Char`; in unicode mode a lone surrogate is a code point of its own. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * The first character XML 1.0 cannot carry (the zero byte, other C0 controls, U+FFFE/U+FFFF,
 * a lone surrogate), or undefined when every character can be sent.
 */
export function findForbiddenChar(value: string): ForbiddenChar | undefined {
  // One scan by the regex engine for the usual clean value; the loop only says where the problem is.
  if (!NOT_XML_CHAR.test(value)) return undefined;
  let index = 0;
  for (const char of value) {
    // A lone surrogate iterates as a single code unit in the surrogate range, which isXmlChar refuses.
    const codePoint = char.codePointAt(0) ?? 0;
    if (!isXmlChar(codePoint)) return { index, codePoint };
    index += char.length;
  }
  return undefined;
}

export function describeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  if (codePoint === 0) return 'the zero byte (U+0000)';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `an unpaired surrogate (U+${hex})`;
  if (codePoint < 0x20) return `the control character U+${hex}`;
  return `U+${hex}`;
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser normalises literal tab, newline and CR in attribute values to spaces (XML 1.0 §3.3.3);
  // only character references survive that normalisation.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Writes `value` for a double-quoted attribute. The caller has refused forbidden characters. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

export class XmlTextError extends Error {
  override name = 'XmlTextError';
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/**
 * Resolves the five predefined entities and character references in one pass, so that a
 * decoded `&` can never start a second reference. Any other entity is an error: replies and
 * commands never get a DTD, so nothing can be expanded beyond these (no entity-expansion attack).
 */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let last = 0;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', last)) {
    const end = text.indexOf(';', at);
    if (end === -1) throw new XmlTextError(`a bare '&' at offset ${at}`);
    const name = text.slice(at + 1, end);
    out += text.slice(last, at) + resolveReference(name);
    last = end + 1;
  }
  return out + text.slice(last);
}

function resolveReference(name: string): string {
  const predefined = PREDEFINED_ENTITIES[name];
  if (predefined !== undefined) return predefined;
  let codePoint: number;
  if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) codePoint = Number.parseInt(name.slice(2), 16);
  else if (/^#[0-9]{1,7}$/.test(name)) codePoint = Number.parseInt(name.slice(1), 10);
  else throw new XmlTextError(`the reference '&${name.slice(0, 20)};' is not one XML predefines`);
  if (!isXmlChar(codePoint)) {
    throw new XmlTextError(
      `the reference '&${name};' names ${describeCodePoint(codePoint)}, which XML cannot carry`,
    );
  }
  return String.fromCodePoint(codePoint);
}

/**
 * What a conformant XML parser makes of a raw attribute value (XML 1.0 §2.11 and §3.3.3):
 * line ends become LF, literal whitespace becomes a space, then references are resolved.
 * A literal `<` is not allowed in an attribute value.
 */
export function readAttributeValue(raw: string): string {
  if (raw.includes('<')) throw new XmlTextError("a literal '<' in an attribute value");
  const forbidden = findForbiddenChar(raw);
  if (forbidden) throw new XmlTextError(`${describeCodePoint(forbidden.codePoint)} in an attribute value`);
  return decodeReferences(raw.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' '));
}
