import { z } from 'zod';
import { valueIsNot } from '../text/value-text.ts';

/**
 * Who may do what, as data: `roles` name sets of operations, `bindings` give roles to users and
 * groups per platform. Whether the names refer to anything is checked in references.ts, against
 * the operation catalogue, which this schema does not know.
 */

const notARoleName = valueIsNot('a role name (a letter, then letters, digits, "_" or "-")');
const roleNameSchema = z.string({ error: notARoleName }).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
  error: notARoleName,
});

const roleSchema = z.strictObject({
  /** Roles whose operations this one has too, transitively. */
  includes: z.array(roleNameSchema).default([]),
  /** Permission keys, `*`, or `prefix.*`. */
  allow: z
    .array(z.string({ error: valueIsNot('an operation (a key such as room.add, room.* or *)') }))
    .default([]),
});

export const rolesSchema = z.record(roleNameSchema, roleSchema);

/** A binding's value: one role or several. Kept as written so problems can point at a list item. */
export const roleRefsSchema = z.union([roleNameSchema, z.array(roleNameSchema)], {
  error: valueIsNot('a role name or a list of role names'),
});

/** User id, group id or group name -> roles. */
const bindingTable = z.record(z.string(), roleRefsSchema);

/** Unquoted ids arrive as numbers (or, past 2^53, as their exact digits); both become text. */
const discordGuildId = z
  .union([z.string(), z.number().int().nonnegative()], { error: valueIsNot('a Discord server (guild) id') })
  .transform(String);

export const bindingsSchema = z.strictObject({
  slack: z
    .strictObject({
      users: bindingTable.default({}),
      /** User-group ids (S…) or `@handles`. */
      usergroups: bindingTable.default({}),
      /**
       * Workspaces (T…) or Enterprise Grid organizations (E…) served besides the one the bot token
       * belongs to; requests from any other are refused before anything runs.
       */
      teams: z
        .array(
          z
            .string({ error: valueIsNot('a Slack team id (T…) or organization id (E…)') })
            .regex(/^[TE][A-Z0-9]{2,}$/, {
              error: valueIsNot('a Slack team id (T…) or organization id (E…)'),
            }),
        )
        .default([]),
    })
    .prefault({}),
  discord: z
    .strictObject({
      users: bindingTable.default({}),
      /** Role ids or role names. */
      roles: bindingTable.default({}),
      /** When listed, members of any other server get no role at all. */
      guilds: z.array(discordGuildId).optional(),
    })
    .prefault({}),
  /** Whoever runs the local console gets these roles. */
  console: z.strictObject({ role: roleRefsSchema }).optional(),
});

export type RoleDefinitions = z.output<typeof rolesSchema>;
export type Bindings = z.output<typeof bindingsSchema>;
export type RoleRefs = z.output<typeof roleRefsSchema>;
