/**
 * The shape every Data API answer has when the server is well: an optional XML declaration, then
 * one root element whose content is nothing but empty list elements with attributes, e.g.
 * `<rooms><room id="1" name="Lobby" …/>…</rooms>` or `<online cn="3" ln="2" rn="1"/>`. Read here
 * in one pass, as the general parser would map it: rooms.xml of 5,000 rooms (~700 KB, polled
 * every few seconds) took the validator and the parser ~100 ms each time, this ~10 ms.
 *
 * Anything else (comments, text, CDATA, other elements or quotes, an undeclared entity, a repeated
 * attribute, a DOCTYPE) is not read here: `undefined` sends the document to the general path,
 * which accepts or refuses it as it always has. So this path only ever accepts documents the
 * general one accepts, and gives the same content for them.
 */

/** XML's white space is these four; other spaces (no-break, line separator) are not. */
const S = '[ \\t\\r\\n]';
const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
/**
 * Raw attribute text: no `<`, no `"`, `&` only as a predefined or numeric reference, and no CR (the
 * general parser turns it into LF before anything else; left to it, nothing here need copy that).
 */
const VALUE = '[^"<&\\r]*(?:&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);[^"<&\\r]*)*';
const ATTRIBUTES = `(?:${S}+${NAME}${S}*=${S}*"${VALUE}")*`;

const DECLARATION = new RegExp(`<\\?xml${ATTRIBUTES}${S}*\\?>`, 'y');
const TAG_START = new RegExp(`${S}*<(${NAME})`, 'y');
const ATTRIBUTE = new RegExp(`${S}+(${NAME})${S}*=${S}*"(${VALUE})"`, 'y');
const TAG_END = new RegExp(`${S}*(/?)>`, 'y');
const CLOSE_TAG = new RegExp(`${S}*</(${NAME})${S}*>${S}*$`, 'y');
const ONLY_SPACE = new RegExp(`^${S}*$`);

/**
 * The root element's content as the general parser maps it (attributes by name, raw text; list
 * elements as arrays of their attributes), or undefined when the document is not of this shape.
 */
export function readFlatXml(
  text: string,
  rootName: string,
  listElements: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  DECLARATION.lastIndex = 0;
  const root = readTag(text, DECLARATION.exec(text) === null ? 0 : DECLARATION.lastIndex);
  if (root === undefined || root.name !== rootName) return undefined;
  const content: Record<string, unknown> = root.attributes;
  let at = root.end;
  if (root.selfClosing) return ONLY_SPACE.test(text.slice(at)) ? content : undefined;

  const lists = new Map<string, Record<string, string>[]>();
  for (;;) {
    CLOSE_TAG.lastIndex = at;
    const close = CLOSE_TAG.exec(text);
    if (close !== null) {
      if (close[1] !== rootName) return undefined;
      break;
    }
    const element = readTag(text, at);
    if (element === undefined || !element.selfClosing) return undefined;
    const { name, attributes } = element;
    if (!listElements.has(name) || Object.hasOwn(content, name)) return undefined;
    // The general parser maps an element without attributes to '' rather than {}: left to it.
    if (Object.keys(attributes).length === 0) return undefined;
    let list = lists.get(name);
    if (list === undefined) {
      list = [];
      lists.set(name, list);
    }
    list.push(attributes);
    at = element.end;
  }
  for (const [name, list] of lists) content[name] = list;
  return content;
}

interface Tag {
  readonly name: string;
  /** Each attribute by name with its raw text. */
  readonly attributes: Record<string, string>;
  readonly selfClosing: boolean;
  /** Where the text after the tag starts. */
  readonly end: number;
}

/** The start tag at `at` (after white space), in one pass; undefined when there is none or it repeats a name. */
function readTag(text: string, at: number): Tag | undefined {
  TAG_START.lastIndex = at;
  const start = TAG_START.exec(text);
  if (start === null) return undefined;
  const attributes: Record<string, string> = {};
  let position = TAG_START.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = position;
    const attribute = ATTRIBUTE.exec(text);
    if (attribute === null) break;
    const name = attribute[1] ?? '';
    // `__proto__` would set the object's prototype rather than an attribute: the general path decides.
    if (name === '__proto__' || Object.hasOwn(attributes, name)) return undefined;
    attributes[name] = attribute[2] ?? '';
    position = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = position;
  const end = TAG_END.exec(text);
  if (end === null) return undefined;
  return { name: start[1] ?? '', attributes, selfClosing: end[1] === '/', end: TAG_END.lastIndex };
}
