/**
 * The content files, imported statically so the same bundle runs on Node and on Cloudflare
 * Workers (no file system there). A new flow or locale file must be added here; the content
 * check fails for any file under flows/ or locales/ that is not.
 */
import commands from '../../flows/commands.json' with { type: 'json' };
import distressBm from '../../flows/distress/bm.json' with { type: 'json' };
import distressCategories from '../../flows/distress/categories.json' with { type: 'json' };
import distressEn from '../../flows/distress/en.json' with { type: 'json' };
import distressFr from '../../flows/distress/fr.json' with { type: 'json' };
import distressPcm from '../../flows/distress/pcm.json' with { type: 'json' };
import distressSpellings from '../../flows/distress/spellings.json' with { type: 'json' };
import languages from '../../flows/languages.json' with { type: 'json' };
import mainFlow from '../../flows/main.flow.json' with { type: 'json' };
import enCommon from '../../locales/en/common.json' with { type: 'json' };
import enMain from '../../locales/en/main.json' with { type: 'json' };
import frCommon from '../../locales/fr/common.json' with { type: 'json' };
import frMain from '../../locales/fr/main.json' with { type: 'json' };
import type { RawContent } from './raw';

export const rawContent: RawContent = {
  flows: { 'main.flow.json': mainFlow },
  commands,
  languages,
  distress: {
    categories: distressCategories,
    spellings: distressSpellings,
    languages: [distressFr, distressEn, distressPcm, distressBm],
  },
  locales: {
    fr: { common: frCommon, main: frMain },
    en: { common: enCommon, main: enMain },
  },
};

/** Paths of the files above, relative to the repository, for the content check. */
export const bundledFiles = [
  'flows/commands.json',
  'flows/distress/bm.json',
  'flows/distress/categories.json',
  'flows/distress/en.json',
  'flows/distress/fr.json',
  'flows/distress/pcm.json',
  'flows/distress/spellings.json',
  'flows/languages.json',
  'flows/main.flow.json',
  'locales/en/common.json',
  'locales/en/main.json',
  'locales/fr/common.json',
  'locales/fr/main.json',
];
