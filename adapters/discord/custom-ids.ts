import { COMPONENT_LIMITS } from './discord-limits.ts';

/**
 * Button custom ids carry what a click needs, so a click is answered from the id and memory
 * alone: `fc:page:<key>:<page>` turns a list's page, `fc:confirm:<id>` and `fc:cancel:<id>`
 * answer the core's confirmation `<id>`.
 */
export type ButtonAction =
  | { kind: 'page'; key: string; page: number }
  | { kind: 'confirmation'; confirmationId: string; answer: 'confirm' | 'cancel' }
  | { kind: 'inert' };

const PREFIX = 'fc';
const PAGE = /^fc:page:([A-Za-z0-9_-]{1,40}):([0-9]{1,7})$/;
const CONFIRMATION = /^fc:(confirm|cancel):([^:\s]{1,80})$/;
const INERT = /^fc:inert:/;

export function pageButtonId(key: string, page: number): string {
  return checked(`${PREFIX}:page:${key}:${page}`);
}

/** The page counter between Previous and Next: a disabled button still needs an id of its own. */
export function inertButtonId(key: string): string {
  return checked(`${PREFIX}:inert:${key}`);
}

export function confirmationButtonId(confirmationId: string, answer: 'confirm' | 'cancel'): string {
  return checked(`${PREFIX}:${answer}:${confirmationId}`);
}

export function parseButtonId(customId: string): ButtonAction | undefined {
  const page = PAGE.exec(customId);
  if (page?.[1] !== undefined && page[2] !== undefined)
    return { kind: 'page', key: page[1], page: Number(page[2]) };
  const confirmation = CONFIRMATION.exec(customId);
  if (confirmation?.[2] !== undefined)
    return {
      kind: 'confirmation',
      answer: confirmation[1] === 'confirm' ? 'confirm' : 'cancel',
      confirmationId: confirmation[2],
    };
  return INERT.test(customId) ? { kind: 'inert' } : undefined;
}

function checked(id: string): string {
  if (id.length > COMPONENT_LIMITS.customId)
    throw new RangeError(`custom id longer than ${COMPONENT_LIMITS.customId}`);
  return id;
}
