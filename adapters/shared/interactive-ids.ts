/**
 * The ids that buttons carry, one scheme on every platform: a click is answered from its id and
 * the interaction stores alone. `fc:page:<key>:<page>` shows a page of a remembered list,
 * `fc:inert:<key>` is a button that does nothing (Discord's page counter), `fc:confirm:<id>` and
 * `fc:cancel:<id>` answer the core's confirmation `<id>`. Discord carries the id as a component's
 * custom_id, Slack as a button's action_id.
 */
export type InteractiveAction =
  | { kind: 'page'; key: string; page: number }
  | { kind: 'inert'; key: string }
  | { kind: 'confirmation'; confirmationId: string; answer: 'confirm' | 'cancel' };

/** The shorter of the platforms' limits: Discord's custom_id (100); Slack's action_id takes 255. */
export const INTERACTIVE_ID_MAX = 100;

/** Every id of the scheme starts so: what a platform listener matches on. */
export const INTERACTIVE_ID_PREFIX = 'fc:';

const KEY = '[A-Za-z0-9_-]{1,40}';
const PAGE = new RegExp(`^fc:page:(${KEY}):([0-9]{1,7})$`);
const INERT = new RegExp(`^fc:inert:(${KEY})$`);
const CONFIRMATION = /^fc:(confirm|cancel):([^:\s]{1,80})$/;

export function interactiveId(action: InteractiveAction): string {
  const id =
    action.kind === 'page'
      ? `fc:page:${action.key}:${action.page}`
      : action.kind === 'inert'
        ? `fc:inert:${action.key}`
        : `fc:${action.answer}:${action.confirmationId}`;
  if (parseInteractiveId(id) === undefined)
    throw new RangeError(`not a valid interactive id (at most ${INTERACTIVE_ID_MAX} characters): ${id}`);
  return id;
}

export function parseInteractiveId(id: string): InteractiveAction | undefined {
  if (id.length > INTERACTIVE_ID_MAX) return undefined;
  const page = PAGE.exec(id);
  if (page?.[1] !== undefined && page[2] !== undefined)
    return { kind: 'page', key: page[1], page: Number(page[2]) };
  const inert = INERT.exec(id);
  if (inert?.[1] !== undefined) return { kind: 'inert', key: inert[1] };
  const confirmation = CONFIRMATION.exec(id);
  if (confirmation?.[2] !== undefined)
    return {
      kind: 'confirmation',
      answer: confirmation[1] === 'confirm' ? 'confirm' : 'cancel',
      confirmationId: confirmation[2],
    };
  return undefined;
}
