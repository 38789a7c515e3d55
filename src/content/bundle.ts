/**
 * The content files, imported statically so the same bundle runs on Node and on Cloudflare
 * Workers (no file system there). A new flow or locale file must be added here; the content
 * check fails for any file under flows/ or locales/ that is not.
 */
import centresFlow from '../../flows/centres.flow.json' with { type: 'json' };
import commands from '../../flows/commands.json' with { type: 'json' };
import contactsFlow from '../../flows/contacts.flow.json' with { type: 'json' };
import directory from '../../flows/directory.json' with { type: 'json' };
import distressBm from '../../flows/distress/bm.json' with { type: 'json' };
import distressCategories from '../../flows/distress/categories.json' with { type: 'json' };
import distressEn from '../../flows/distress/en.json' with { type: 'json' };
import distressFr from '../../flows/distress/fr.json' with { type: 'json' };
import distressPcm from '../../flows/distress/pcm.json' with { type: 'json' };
import distressSpellings from '../../flows/distress/spellings.json' with { type: 'json' };
import languages from '../../flows/languages.json' with { type: 'json' };
import lexicon from '../../flows/lexicon.json' with { type: 'json' };
import mainFlow from '../../flows/main.flow.json' with { type: 'json' };
import places from '../../flows/places.json' with { type: 'json' };
import returnFlow from '../../flows/return.flow.json' with { type: 'json' };
import review from '../../flows/review.json' with { type: 'json' };
import risksFlow from '../../flows/risks.flow.json' with { type: 'json' };
import bmCentres from '../../locales/bm/centres.json' with { type: 'json' };
import bmCommon from '../../locales/bm/common.json' with { type: 'json' };
import bmContacts from '../../locales/bm/contacts.json' with { type: 'json' };
import bmHandoff from '../../locales/bm/handoff.json' with { type: 'json' };
import bmMain from '../../locales/bm/main.json' with { type: 'json' };
import bmPrivacy from '../../locales/bm/privacy.json' with { type: 'json' };
import bmReturn from '../../locales/bm/return.json' with { type: 'json' };
import bmRisks from '../../locales/bm/risks.json' with { type: 'json' };
import enCentres from '../../locales/en/centres.json' with { type: 'json' };
import enCommon from '../../locales/en/common.json' with { type: 'json' };
import enContacts from '../../locales/en/contacts.json' with { type: 'json' };
import enHandoff from '../../locales/en/handoff.json' with { type: 'json' };
import enMain from '../../locales/en/main.json' with { type: 'json' };
import enPrivacy from '../../locales/en/privacy.json' with { type: 'json' };
import enReturn from '../../locales/en/return.json' with { type: 'json' };
import enRisks from '../../locales/en/risks.json' with { type: 'json' };
import frCentres from '../../locales/fr/centres.json' with { type: 'json' };
import frCommon from '../../locales/fr/common.json' with { type: 'json' };
import frContacts from '../../locales/fr/contacts.json' with { type: 'json' };
import frHandoff from '../../locales/fr/handoff.json' with { type: 'json' };
import frMain from '../../locales/fr/main.json' with { type: 'json' };
import frPrivacy from '../../locales/fr/privacy.json' with { type: 'json' };
import frReturn from '../../locales/fr/return.json' with { type: 'json' };
import frRisks from '../../locales/fr/risks.json' with { type: 'json' };
import pcmCentres from '../../locales/pcm/centres.json' with { type: 'json' };
import pcmCommon from '../../locales/pcm/common.json' with { type: 'json' };
import pcmContacts from '../../locales/pcm/contacts.json' with { type: 'json' };
import pcmHandoff from '../../locales/pcm/handoff.json' with { type: 'json' };
import pcmMain from '../../locales/pcm/main.json' with { type: 'json' };
import pcmPrivacy from '../../locales/pcm/privacy.json' with { type: 'json' };
import pcmReturn from '../../locales/pcm/return.json' with { type: 'json' };
import pcmRisks from '../../locales/pcm/risks.json' with { type: 'json' };
import type { RawContent } from './raw';

export const rawContent: RawContent = {
  flows: {
    'main.flow.json': mainFlow,
    'centres.flow.json': centresFlow,
    'risks.flow.json': risksFlow,
    'return.flow.json': returnFlow,
    'contacts.flow.json': contactsFlow,
  },
  commands,
  languages,
  distress: {
    categories: distressCategories,
    spellings: distressSpellings,
    languages: [distressFr, distressEn, distressPcm, distressBm],
  },
  directory,
  lexicon,
  review,
  places,
  locales: {
    fr: {
      common: frCommon,
      main: frMain,
      centres: frCentres,
      risks: frRisks,
      return: frReturn,
      contacts: frContacts,
      handoff: frHandoff,
      privacy: frPrivacy,
    },
    en: {
      common: enCommon,
      main: enMain,
      centres: enCentres,
      risks: enRisks,
      return: enReturn,
      contacts: enContacts,
      handoff: enHandoff,
      privacy: enPrivacy,
    },
    pcm: {
      common: pcmCommon,
      main: pcmMain,
      centres: pcmCentres,
      risks: pcmRisks,
      return: pcmReturn,
      contacts: pcmContacts,
      handoff: pcmHandoff,
      privacy: pcmPrivacy,
    },
    bm: {
      common: bmCommon,
      main: bmMain,
      centres: bmCentres,
      risks: bmRisks,
      return: bmReturn,
      contacts: bmContacts,
      handoff: bmHandoff,
      privacy: bmPrivacy,
    },
  },
};

/** Paths of the files above, relative to the repository, for the content check. */
export const bundledFiles = [
  'flows/centres.flow.json',
  'flows/commands.json',
  'flows/distress/bm.json',
  'flows/distress/categories.json',
  'flows/distress/en.json',
  'flows/distress/fr.json',
  'flows/distress/pcm.json',
  'flows/distress/spellings.json',
  'flows/contacts.flow.json',
  'flows/directory.json',
  'flows/languages.json',
  'flows/lexicon.json',
  'flows/main.flow.json',
  'flows/places.json',
  'flows/return.flow.json',
  'flows/review.json',
  'flows/risks.flow.json',
  'locales/bm/centres.json',
  'locales/bm/common.json',
  'locales/bm/contacts.json',
  'locales/bm/handoff.json',
  'locales/bm/main.json',
  'locales/bm/privacy.json',
  'locales/bm/return.json',
  'locales/bm/risks.json',
  'locales/en/centres.json',
  'locales/en/common.json',
  'locales/en/contacts.json',
  'locales/en/handoff.json',
  'locales/en/main.json',
  'locales/en/privacy.json',
  'locales/en/return.json',
  'locales/en/risks.json',
  'locales/fr/centres.json',
  'locales/fr/common.json',
  'locales/fr/contacts.json',
  'locales/fr/handoff.json',
  'locales/fr/main.json',
  'locales/fr/privacy.json',
  'locales/fr/return.json',
  'locales/fr/risks.json',
  'locales/pcm/centres.json',
  'locales/pcm/common.json',
  'locales/pcm/contacts.json',
  'locales/pcm/handoff.json',
  'locales/pcm/main.json',
  'locales/pcm/privacy.json',
  'locales/pcm/return.json',
  'locales/pcm/risks.json',
];
