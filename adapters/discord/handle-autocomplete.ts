import type { AutocompleteInteraction } from 'discord.js';
import { optionNameOf } from './chat-command.ts';
import { operationAt } from './command-paths.ts';
import { discordIdentity } from './discord-identity.ts';
import type { InteractionContext } from './interaction-context.ts';
import { gateRefusal } from './platform-gate.ts';
import { describeError } from './redact.ts';
import { roomChoices } from './room-choices.ts';

/**
 * Room options, answered at once from the room directory's cache: autocomplete cannot be
 * deferred. An empty cache gets a refresh in the background, for the next keystroke.
 */
export async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  context: InteractionContext,
): Promise<void> {
  // Room names are for the configured server only.
  if (gateRefusal(interaction, context.gate) !== undefined) {
    await interaction.respond([]);
    return;
  }
  const focused = interaction.options.getFocused(true);
  const operation = operationAt(
    context.core.catalogue,
    interaction.options.getSubcommandGroup(false),
    interaction.options.getSubcommand(false),
  );
  const param =
    operation === undefined
      ? undefined
      : Object.entries(operation.params).find(([name]) => optionNameOf(name) === focused.name)?.[1];
  // Room names are offered only to members who may run the operation they are typing.
  if (
    param?.input.type !== 'room' ||
    !context.core.mayRun(discordIdentity(interaction), operation?.name ?? '')
  ) {
    await interaction.respond([]);
    return;
  }
  const rooms = context.rooms.cachedNames();
  if (rooms.length === 0) {
    context.rooms.refresh().catch((error: unknown) => {
      context.log(
        `discord: could not refresh the room list for autocomplete: ${describeError(error, context.secrets)}`,
      );
    });
  }
  await interaction.respond(roomChoices(rooms, String(focused.value)));
}
