import { describe, expect, it } from 'vitest';
import { distanceKm, nearest, type Place } from './places';

const place = (city: string, lat: number, lon: number): Place => ({
  city,
  lat,
  lon,
  node: { flow: 'centres', node: city },
});

describe('places', () => {
  it('measures Bamako to Gao as the crow flies (about 960 km)', () => {
    const km = distanceKm({ lat: 12.6392, lon: -8.0029 }, { lat: 16.2666, lon: -0.04 });
    expect(km).toBeGreaterThan(940);
    expect(km).toBeLessThan(980);
  });

  it('lists the nearest towns first', () => {
    const places = [
      place('gao', 16.27, -0.04),
      place('bamako', 12.64, -8.0),
      place('kayes', 14.45, -11.45),
    ];
    const near = nearest(places, { lat: 12.9, lon: -7.6 }, 2);
    expect(near.map((n) => n.place.city)).toEqual(['bamako', 'kayes']);
    expect(near[0]?.km).toBeLessThan(60);
  });
});
