import * as z from 'zod';

/**
 * The flow format, version 1. A flow is a set of screens ("nodes"): localised text and, for a
 * menu, options that lead to other nodes. Flows hold ids and message keys, never prose; the
 * prose lives in locales/<lng>/<flow>.json.
 *
 * References: `node` (same flow) or `flow.node`. Keys: `key` (the flow's own namespace) or
 * `namespace:key`.
 */
export const FLOW_SPEC = 1;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');
const ref = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'a node id or flow.node');
const key = z.string().regex(/^([a-z][a-z0-9_]*:)?[a-z][a-z0-9_.]*$/, 'a message key');

export const OptionSchema = z.strictObject({
  id,
  /** The option's title as shown in the menu. */
  label: key,
  next: ref,
  /** A key whose text lists more words that select this option, comma-separated. */
  match: key.optional(),
});

/**
 * Extension of spec 1: a node may append the directory entries (flows/directory.json) of a
 * city or for a need, so a centre is written once and shown wherever it is relevant.
 */
export const DirectorySelectorSchema = z
  .strictObject({ city: id.optional(), need: id.optional() })
  .refine((s) => s.city || s.need, { message: 'name a city, a need or both' });

export const NodeSchema = z
  .strictObject({
    text: z.union([key, z.array(key).min(1)]),
    options: z.array(OptionSchema).min(1).optional(),
    /** Show this node, then go straight on to `next` (used for short notes before a menu). */
    next: ref.optional(),
    /** Ids of the sources in shared facts that the node's text relies on. */
    sources: z.array(z.string()).optional(),
    /** Directory entries listed after the text (extension of spec 1, see above). */
    directory: DirectorySelectorSchema.optional(),
    /**
     * Extension of spec 1: the concepts (ids from flows/lexicon.json) this node answers, so
     * free-text questions can find it. A node without `about` is never a search result.
     */
    about: z.array(id).min(1).optional(),
  })
  .refine((n) => !(n.options && n.next), { message: 'a node has options or next, not both' });

export const FlowSchema = z.strictObject({
  spec: z.literal(FLOW_SPEC),
  id,
  entry: id,
  nodes: z.record(id, NodeSchema),
});

export type DirectorySelector = z.infer<typeof DirectorySelectorSchema>;
export type FlowOption = z.infer<typeof OptionSchema>;
export type FlowNode = z.infer<typeof NodeSchema>;
export type Flow = z.infer<typeof FlowSchema>;
