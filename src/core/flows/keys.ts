import { CATEGORIES } from '../distress';

/** What the hotline replies use, per distress category (see conversation/handoff-turns.ts). */
const HANDOFF_KEYS = [
  ...CATEGORIES.flatMap((c) => [`handoff:safe.${c}`, `handoff:offer.${c}`]),
  ...[0, 1, 2, 3, 4, 5, 6].map((d) => `handoff:days.${d}`),
  'handoff:yes',
  'handoff:no',
  'handoff:yes_words',
  'handoff:no_words',
  'handoff:declined',
  'handoff:coming',
  'handoff:off_hours',
  'handoff:closed_now',
  'handoff:emergency',
  'handoff:other_help',
  'handoff:phone_tip',
  'handoff:waiting',
  'handoff:closed',
];

/** The privacy notice, erasure and the phone-safety reply (see conversation/privacy-turns.ts). */
const PRIVACY_KEYS = [
  'privacy:notice',
  'privacy:erase.confirm',
  'privacy:erase.yes',
  'privacy:erase.no',
  'privacy:erase.yes_words',
  'privacy:erase.done',
  'privacy:erase.cancelled',
  'privacy:safe',
];

/** Keys the code itself uses (not named in any flow): every language must have them. */
export const CODE_KEYS: readonly string[] = [
  'common:language.prompt',
  'common:language.chosen',
  'common:language.detected',
  'common:nav.part',
  'common:search.offer',
  'common:directory.unsure',
  'common:nav.back',
  'common:nav.menu',
  'common:nav.more',
  'common:nav.choose',
  'common:not_understood',
  'common:help',
  'common:cannot_read',
  'common:optout.confirmed',
  'common:optout.resumed',
  'common:location.nearest',
  'common:location.item',
  ...HANDOFF_KEYS,
  ...PRIVACY_KEYS,
];
