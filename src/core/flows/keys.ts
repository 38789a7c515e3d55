/** Keys the code itself uses (not named in any flow): every language must have them. */
export const CODE_KEYS = [
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
] as const;
