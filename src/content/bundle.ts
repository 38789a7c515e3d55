/**
 * The content files, imported statically so the same bundle runs on Node and on Cloudflare
 * Workers (no file system there). A new flow or locale file must be added here; the content
 * check fails for any file under flows/ or locales/ that is not.
 */
import commands from '../../flows/commands.json' with { type: 'json' };
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
  locales: {
    fr: { common: frCommon, main: frMain },
    en: { common: enCommon, main: enMain },
  },
};

/** Paths of the files above, relative to the repository, for the content check. */
export const bundledFiles = [
  'flows/commands.json',
  'flows/languages.json',
  'flows/main.flow.json',
  'locales/en/common.json',
  'locales/en/main.json',
  'locales/fr/common.json',
  'locales/fr/main.json',
];
