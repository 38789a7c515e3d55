import * as z from 'zod';
import type { NodeRef } from './content';

/** flows/places.json: where the towns of the directory are, for "nearest to you". */
export const PlacesSchema = z.strictObject({
  spec: z.literal(1),
  note: z.string().optional(),
  cities: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/),
    // Mali and its borders: a coordinate outside is a typing error (a swapped sign, lat for lon).
    z.strictObject({ lat: z.number().min(10).max(25), lon: z.number().min(-12.5).max(4.5) }),
  ),
});

export interface Place {
  city: string;
  lat: number;
  lon: number;
  /** The node that lists the directory entries of this town. */
  node: NodeRef;
}

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine): as the crow flies, which the reply says. */
export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

/** The `count` towns nearest to a point, nearest first, with their distance rounded to the km. */
export function nearest(
  places: readonly Place[],
  at: { lat: number; lon: number },
  count = 3,
): { place: Place; km: number }[] {
  return places
    .map((place) => ({ place, km: Math.round(distanceKm(at, place)) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, count);
}
