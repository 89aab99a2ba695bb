/**
 * Reads a Data API answer as XML without ever expanding an entity a document defines: a
 * DOCTYPE is refused outright (billion laughs and external entities need one), the parser runs
 * with entity processing off, and attribute values are decoded later, in one pass, by
 * `readAttributeValue` from the protocol's XML text rules.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFlatXml } from './flat-xml.ts';

export type XmlRootReading =
  /** The root element's attributes and child elements, as the parser maps them (raw attribute text). */
  { readonly ok: true; readonly content: object } | { readonly ok: false; readonly reason: string };

/** Elements that form lists: always arrays, so one `room` reads the same as many. */
export const LIST_ELEMENTS = new Set(['room', 'user']);

const parser = new XMLParser({
  processEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  // Spaces inside an attribute value are data (a room description can start with one).
  trimValues: false,
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && LIST_ELEMENTS.has(name),
});

const XML_DECLARATION = '?xml';

export function readXmlRoot(text: string, rootName: string): XmlRootReading {
  if (/<!DOCTYPE/i.test(text)) {
    return {
      ok: false,
      reason: 'it carries a DOCTYPE, which the Data API never sends (refused: no entity is expanded)',
    };
  }
  // The usual answer, read in one pass; anything else goes to the validator and the parser.
  const flat = readFlatXml(text, rootName, LIST_ELEMENTS);
  if (flat !== undefined) return { ok: true, content: flat };
  return parseXmlRoot(text, rootName);
}

/** The general path: any XML the validator accepts, mapped by the parser (DOCTYPEs are refused before). */
export function parseXmlRoot(text: string, rootName: string): XmlRootReading {
  // The parser alone accepts text that is not XML at all; the validator does not.
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    return {
      ok: false,
      reason: `it is not well-formed XML (${validation.err.msg} at line ${validation.err.line})`,
    };
  }
  let document: Record<string, unknown>;
  try {
    document = parser.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: `it could not be parsed (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const roots = Object.keys(document).filter((name) => name !== XML_DECLARATION);
  if (roots.length !== 1 || roots[0] !== rootName) {
    const found = roots.length === 0 ? 'nothing' : roots.map((name) => `<${name}>`).join(', ');
    return { ok: false, reason: `expected one <${rootName}> element at the top, found ${found}` };
  }
  return { ok: true, content: elementContent(document[rootName]) };
}

/** An element with neither attributes nor children parses as its text (often ''): treat it as empty. */
function elementContent(value: unknown): object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
