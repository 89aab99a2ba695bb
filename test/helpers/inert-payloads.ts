import type { RecordedRequest } from './discord-stand-in.ts';

/**
 * Checks that what the adapters sent cannot ping or link. Slack: every string in a payload
 * (JSON-encoded strings such as a form's `blocks` opened and walked too) has no raw `<` or `>`,
 * and no `&` but the start of `&amp;`, `&lt;` or `&gt;`; the adapters never mean Slack markup, so
 * any such character is user text that escaped the escaping. Discord: every request that can
 * carry a message says allowed_mentions { parse: [] }, with no users or roles to ping. Console:
 * no character a terminal would act on.
 */

/** Where in a Slack payload a string could be read as markup, with the string; empty if none. */
export function slackMarkupProblems(payload: unknown, where = '$'): string[] {
  if (typeof payload === 'string') {
    const inner = parsedJson(payload);
    if (inner !== undefined) return slackMarkupProblems(inner, `${where}<json>`);
    return RAW_MARKUP.test(payload) ? [`${where}: ${JSON.stringify(payload)}`] : [];
  }
  if (Array.isArray(payload))
    return payload.flatMap((item, index) => slackMarkupProblems(item, `${where}[${index}]`));
  if (payload !== null && typeof payload === 'object')
    return Object.entries(payload).flatMap(([key, value]) => slackMarkupProblems(value, `${where}.${key}`));
  return [];
}

/** A raw `<` or `>`, or an `&` that does not begin one of Slack's three entities. */
const RAW_MARKUP = /[<>]|&(?!(?:amp|lt|gt);)/;

function parsedJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '[' && first !== '{') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a Discord request can carry message content or embeds (a message, or an interaction response with one). */
export function carriesMessage(request: RecordedRequest): boolean {
  if (request.method === 'DELETE' || request.method === 'GET') return false;
  if (/\/interactions\/[^/]+\/[^/]+\/callback$/.test(request.path)) {
    // 4: a reply, 7: a component's message updated; 5, 6 (deferrals) and 8 (autocomplete) carry none.
    const type = (request.body as { type?: number } | undefined)?.type;
    return type === 4 || type === 7;
  }
  return (
    /^\/webhooks\/[^/]+\/[^/]+(\/messages\/[^/]+)?$/.test(request.path) ||
    /^\/channels\/[^/]+\/messages$/.test(request.path)
  );
}

/** What is wrong with a message-carrying Discord request's allowed_mentions; empty if it pings nobody. */
export function mentionProblems(request: RecordedRequest): string[] {
  const body = (request.body ?? {}) as { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } };
  const isCallback = request.path.endsWith('/callback');
  const allowed = (isCallback ? body.data?.allowed_mentions : body.allowed_mentions) as
    | { parse?: unknown; users?: unknown[]; roles?: unknown[]; replied_user?: unknown }
    | undefined;
  const where = `${request.method} ${request.path}`;
  if (allowed === undefined) return [`${where}: no allowed_mentions`];
  const problems: string[] = [];
  if (!Array.isArray(allowed.parse) || allowed.parse.length > 0)
    problems.push(`${where}: parse ${JSON.stringify(allowed.parse)}`);
  if ((allowed.users ?? []).length > 0) problems.push(`${where}: users ${JSON.stringify(allowed.users)}`);
  if ((allowed.roles ?? []).length > 0) problems.push(`${where}: roles ${JSON.stringify(allowed.roles)}`);
  if (allowed.replied_user === true) problems.push(`${where}: replied_user true`);
  return problems;
}

/** The characters in `text` a terminal acts on rather than shows (but the newline), as code points. */
export function actingCharacters(text: string): number[] {
  return [...text]
    .map((char) => char.codePointAt(0) ?? 0)
    .filter(
      (code) =>
        (code <= 0x1f && code !== 0x0a) ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069),
    );
}
