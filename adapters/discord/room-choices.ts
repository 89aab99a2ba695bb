import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { NamedRoom } from '../../src/rooms/known-room.ts';
import { fitText } from '../shared/fit-text.ts';
import { AUTOCOMPLETE_LIMITS } from './discord-limits.ts';

/**
 * Rooms matching what was typed, by name (anywhere in it, any case) or by id, best first: names
 * and ids that start with it, then the rest. The value is `#<id>`, which the core resolves to
 * that room even when two rooms share a name.
 */
export function roomChoices(
  rooms: readonly NamedRoom[],
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const wanted = typed.trim().toLowerCase();
  const wantedId = wanted.replace(/^#/, '');
  const scored: Array<{ room: NamedRoom; score: number }> = [];
  for (const room of rooms) {
    const name = room.name.toLowerCase();
    const id = String(room.id);
    const score =
      wanted === ''
        ? 2
        : name.startsWith(wanted) || id.startsWith(wantedId)
          ? 0
          : name.includes(wanted)
            ? 1
            : -1;
    if (score >= 0) scored.push({ room, score });
  }
  scored.sort((a, b) => a.score - b.score || a.room.name.localeCompare(b.room.name) || a.room.id - b.room.id);
  return scored.slice(0, AUTOCOMPLETE_LIMITS.choices).map(({ room }) => ({
    name: fitText(`${room.name} (${room.id})`, AUTOCOMPLETE_LIMITS.choiceName),
    value: `#${room.id}`,
  }));
}
