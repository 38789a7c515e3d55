/** Distress detection: the public surface. */
export { createDetector, type Detection, type Detector } from './detect';
export {
  CATEGORIES,
  type DistressCategory,
  LANGUAGES,
  type Language,
  type Lexicon,
  parseLexicon,
  type Severity,
} from './lexicon';
export { createNormaliser, type Normaliser } from './normalise';
