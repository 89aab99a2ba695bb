import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  decodeReferences,
  describeCodePoint,
  findForbiddenChar,
  readAttributeValue,
} from '../protocol/xml-text.ts';

/**
 * Reads one Server API command document the way a conformant XML 1.0 parser would, and refuses
 * anything that is not a well-formed `<Command .../>` document. fast-xml-parser finds the
 * structure; every attribute value is then read from its raw text by `readAttributeValue`, so
 * normalisation and references follow the XML rules exactly (fast-xml-parser's own entity handling
 * is switched off: it is lenient where XML is strict).
 */

export interface CommandDocument {
  /** Every attribute of `<Command>`, in document order, values as XML reads them. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * The attributes of each `<roomOpen><Time .../></roomOpen>` child, in document order; undefined
   * when there is no roomOpen element (an empty one means "no opening times").
   */
  readonly roomOpenTimes: ReadonlyArray<Readonly<Record<string, string>>> | undefined;
}

export class MalformedCommandError extends Error {
  override name = 'MalformedCommandError';
}

const COMMAND_ROOT_ELEMENT = 'Command';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the bytes before the zero byte. A byte-order mark is dropped, as XML allows one. */
export function decodeCommandBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedCommandError('the command is not valid UTF-8');
  }
}

export function readCommandDocument(text: string): CommandDocument {
  const forbidden = findForbiddenChar(text);
  if (forbidden) {
    throw new MalformedCommandError(
      `the command contains ${describeCodePoint(forbidden.codePoint)}, which XML cannot carry`,
    );
  }
  // A DTD is the only way to declare entities; refusing it outright means nothing can ever expand.
  // This also refuses the text "<!DOCTYPE" inside a comment, which no real command needs.
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY')) {
    throw new MalformedCommandError('DOCTYPE and ENTITY declarations are refused');
  }
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new MalformedCommandError(
      `the command is not well-formed XML: ${msg} (line ${line}, column ${col})`,
    );
  }
  // The parser drops text after the last tag (and the validator passes it), so it is caught here.
  if (!text.trimEnd().endsWith('>')) {
    throw new MalformedCommandError('the command has text outside its root element');
  }
  const nodes = toXmlNodes(parse(text));
  const root = findRootElement(nodes);
  checkContent(root.children);
  const roomOpens = childElements(root, 'roomOpen');
  return {
    attributes: readAttributes(root),
    roomOpenTimes:
      roomOpens.length === 0
        ? undefined
        : roomOpens.flatMap((roomOpen) => childElements(roomOpen, 'Time')).map(readAttributes),
  };
}

interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  /** Raw attribute text, before XML normalisation. */
  readonly rawAttributes: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly XmlNode[];
}

type XmlNode =
  | XmlElement
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'cdata' }
  | { readonly kind: 'comment' }
  | {
      readonly kind: 'instruction';
      readonly target: string;
      readonly rawAttributes: ReadonlyArray<readonly [string, string]>;
    };

const ATTRIBUTE_PREFIX = '@_';
const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';
const CDATA_KEY = '#cdata';
const COMMENT_KEY = '#comment';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  allowBooleanAttributes: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseAttributeValue: false,
  parseTagValue: false,
  cdataPropName: CDATA_KEY,
  // Kept as nodes because the parser otherwise drops top-level text that comes before a comment.
  commentPropName: COMMENT_KEY,
});

function parse(text: string): unknown {
  try {
    return parser.parse(text);
  } catch (error) {
    // The validator has passed it, so this should not happen; if the parser still throws, the
    // command is refused rather than the connection dropped.
    throw new MalformedCommandError(
      `the command could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Converts fast-xml-parser's preserveOrder output (`[{ tag: children, ':@': attributes }]`) into typed nodes. */
function toXmlNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) throw new MalformedCommandError('the command could not be read');
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new MalformedCommandError('the command could not be read');
    }
    const record = entry as Record<string, unknown>;
    const key = Object.keys(record).find((name) => name !== ATTRIBUTES_KEY);
    if (key === undefined) throw new MalformedCommandError('the command could not be read');
    const content = record[key];
    if (key === TEXT_KEY) return { kind: 'text', text: String(content) };
    if (key === CDATA_KEY) return { kind: 'cdata' };
    if (key === COMMENT_KEY) return { kind: 'comment' };
    const rawAttributes = toRawAttributes(record[ATTRIBUTES_KEY]);
    if (key.startsWith('?')) return { kind: 'instruction', target: key.slice(1), rawAttributes };
    return { kind: 'element', name: key, rawAttributes, children: toXmlNodes(content) };
  });
}

function toRawAttributes(value: unknown): Array<[string, string]> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).map(([name, raw]) => [name.slice(ATTRIBUTE_PREFIX.length), String(raw)]);
}

/**
 * fast-xml-parser's validator lets through a few things XML forbids at the top level: a second
 * root element, text or CDATA outside the root, an XML declaration that is not first.
 */
function findRootElement(nodes: readonly XmlNode[]): XmlElement {
  const elements: XmlElement[] = [];
  for (const [index, node] of nodes.entries()) {
    if (node.kind === 'element') elements.push(node);
    else if (node.kind === 'cdata' || (node.kind === 'text' && node.text.trim() !== '')) {
      throw new MalformedCommandError('the command has text outside its root element');
    } else if (node.kind === 'instruction' && node.target.toLowerCase() === 'xml') {
      // Targets named xml in any case are reserved; only `<?xml ...?>` at the very start is allowed.
      if (index !== 0 || node.target !== 'xml') {
        throw new MalformedCommandError('the XML declaration must come first, written <?xml ...?>');
      }
      checkDeclaredEncoding(node.rawAttributes);
    }
  }
  const [root, ...others] = elements;
  if (root === undefined) throw new MalformedCommandError('the command has no root element');
  if (others.length > 0) throw new MalformedCommandError('the command has more than one root element');
  if (root.name !== COMMAND_ROOT_ELEMENT) {
    throw new MalformedCommandError(`the root element must be <${COMMAND_ROOT_ELEMENT}>, not <${root.name}>`);
  }
  return root;
}

/** The bytes are always read as UTF-8 (the manual's declaration), so another declared encoding would be misread. */
function checkDeclaredEncoding(rawAttributes: ReadonlyArray<readonly [string, string]>): void {
  const encoding = rawAttributes.find(([name]) => name === 'encoding')?.[1];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    throw new MalformedCommandError(`only UTF-8 commands are read, not "${encoding}"`);
  }
}

/** Every attribute and text node inside the root must be well-formed too, even where the command ignores it. */
function checkContent(nodes: readonly XmlNode[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      try {
        if (node.text.includes(']]>')) throw new Error("']]>' outside a CDATA section");
        decodeReferences(node.text);
      } catch (error) {
        throw new MalformedCommandError(`the command's text is not well-formed: ${errorMessage(error)}`);
      }
    } else if (node.kind === 'element') {
      readAttributes(node);
      checkContent(node.children);
    }
  }
}

function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((node): node is XmlElement => node.kind === 'element' && node.name === name);
}

function readAttributes(element: XmlElement): Record<string, string> {
  // fromEntries defines own properties, so a name such as "constructor" stays a plain attribute.
  return Object.fromEntries(
    element.rawAttributes.map(([name, raw]) => {
      try {
        return [name, readAttributeValue(raw)];
      } catch (error) {
        throw new MalformedCommandError(
          `attribute ${name} of <${element.name}> is not well-formed: ${errorMessage(error)}`,
        );
      }
    }),
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
