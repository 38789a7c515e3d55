import enHandoff from '../../locales/en/handoff.json' with { type: 'json' };
import frHandoff from '../../locales/fr/handoff.json' with { type: 'json' };
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import type { RawContent } from '../../src/content/raw';
import type { Content } from '../../src/core/flows/content';

const common = (lng: string) => ({
  language: { prompt: `${lng}: choose`, chosen: `${lng}: chosen`, detected: `${lng}: detected` },
  nav: {
    back: `${lng}:back`,
    menu: `${lng}:menu`,
    more: `${lng}:more`,
    choose: `${lng}:choose`,
    part: `(${lng} {{n}}/{{total}})`,
  },
  search: { offer: `${lng}: offer` },
  need: { emergency: `${lng} emergency` },
  directory: { unsure: `${lng}: unsure` },
  not_understood: `${lng}: not understood`,
  help: `${lng}: help`,
  cannot_read: `${lng}: cannot read`,
  optout: { confirmed: `${lng}: stopped`, resumed: `${lng}: resumed` },
  location: { nearest: `${lng}: nearest`, item: '{{place}} {{km}} km' },
});

const privacy = (lng: string) => ({
  notice: `${lng}: privacy notice {{days}}/{{hotlineDays}}`,
  erase: {
    confirm: `${lng}: erase?`,
    yes: `${lng}: yes erase`,
    no: `${lng}: no`,
    yes_words: lng === 'fr' ? 'oui' : 'yes',
    done: `${lng}: erased`,
    cancelled: `${lng}: nothing erased`,
  },
  safe: `${lng}: noted`,
});

/**
 * A small content for core tests: a menu of three, a long menu (twelve options by default, more
 * than WhatsApp shows at once, which the content check forbids but the renderer must survive),
 * answers and a chain.
 */
export function testRaw({ many: count = 12 } = {}): RawContent {
  const many = Array.from({ length: count }, (_, i) => ({
    id: `o${i + 1}`,
    label: `many.o${i + 1}`,
    next: 'answer',
  }));
  return {
    flows: {
      'main.flow.json': {
        spec: 1,
        id: 'main',
        entry: 'menu',
        nodes: {
          menu: {
            text: 'menu.text',
            options: [
              { id: 'a', label: 'menu.a', next: 'answer', match: 'menu.a_words' },
              { id: 'many', label: 'menu.many', next: 'many' },
              { id: 'chain', label: 'menu.chain', next: 'note' },
            ],
          },
          answer: { text: 'answer.text' },
          many: { text: 'many.text', options: many },
          note: { text: 'note.text', next: 'answer' },
        },
      },
    },
    commands: {
      menu: { en: ['menu'], fr: ['menu', 'accueil'] },
      back: { en: ['back'], fr: ['retour'] },
      help: { en: ['help'], fr: ['aide'] },
      language: { en: ['language'], fr: ['langue'] },
      more: { en: ['more'], fr: ['plus'] },
      stop: { en: ['stop'], fr: ['arret'] },
      start: { en: ['start'], fr: ['reprendre'] },
      erase: { en: ['delete'], fr: ['effacer'] },
      privacy: { en: ['privacy'], fr: ['confidentialite'] },
      safe: { en: ['weather'], fr: ['meteo'] },
    },
    distress: rawContent.distress,
    directory: {
      spec: 1,
      entries: [
        {
          id: 'police',
          name: 'Police',
          cities: ['national'],
          needs: ['emergency'],
          phone: '17',
          sources: ['B2'],
          evidence: '2016',
          checked: '2026-11-22',
        },
      ],
    },
    lexicon: { spec: 1, concepts: {}, markers: { fr: ['bonjour'], en: ['hello'] } },
    review: { spec: 1, languages: {} },
    places: { spec: 1, cities: {} },
    languages: {
      languages: [
        { code: 'fr', name: 'Français' },
        { code: 'en', name: 'English' },
      ],
    },
    locales: Object.fromEntries(
      ['fr', 'en'].map((lng) => [
        lng,
        {
          common: common(lng),
          // The hotline's texts are the real ones: tests about escalation read like the product.
          handoff: lng === 'fr' ? frHandoff : enHandoff,
          privacy: privacy(lng),
          main: {
            menu: {
              text: `${lng}: menu`,
              a: `${lng} A`,
              a_words: 'alpha, first one',
              many: `${lng} many`,
              chain: `${lng} chain`,
            },
            answer: { text: `${lng}: the answer` },
            many: {
              text: `${lng}: many`,
              ...Object.fromEntries(many.map((o) => [o.id, `${lng} ${o.id}`])),
            },
            note: { text: `${lng}: a note` },
          },
        },
      ]),
    ),
  };
}

export const testContent = (): Content => compileContent(testRaw());
