// Leaflet map of result points. Markers and popups are plain DOM: they work even when no tile loads
// (tiles come from MAP_TILE_URL, served by a third party or not reachable at all).
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import iconUrl from 'leaflet/dist/images/marker-icon.png?url';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png?url';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png?url';

export interface MapPoint {
  id: string;
  nom: string;
  lat: number;
  lon: number;
  lieu?: string;
}
export interface MapData {
  points: MapPoint[];
  centre: { lat: number; lon: number; rayon?: number } | null;
}

// Vite hashes the image names, which defeats Leaflet's own icon path detection: give it the URLs.
const icon = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  shadowSize: [41, 41],
});

const maps = new WeakMap<HTMLElement, L.Map>();

export function renderMap(container: HTMLElement, data: MapData): L.Map {
  maps.get(container)?.remove();
  const map = L.map(container, { scrollWheelZoom: false });
  maps.set(container, map);
  const tiles = container.dataset.tiles;
  if (tiles)
    L.tileLayer(tiles, {
      maxZoom: 18,
      attribution: '© contributeurs <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
  const bounds = L.latLngBounds([]);
  for (const p of data.points) {
    const marker = L.marker([p.lat, p.lon], { icon, title: p.nom, alt: p.nom, keyboard: true }).addTo(map);
    // Built with DOM APIs, never from HTML strings: offer names are partner-provided text.
    const popup = document.createElement('div');
    const link = document.createElement('a');
    link.href = `/offres/${encodeURIComponent(p.id)}`;
    link.textContent = p.nom;
    popup.append(link);
    if (p.lieu) {
      const place = document.createElement('p');
      place.className = 'fr-text--sm fr-mb-0';
      place.textContent = p.lieu;
      popup.append(place);
    }
    marker.bindPopup(popup);
    bounds.extend([p.lat, p.lon]);
  }
  if (data.centre) {
    bounds.extend([data.centre.lat, data.centre.lon]);
    if (data.centre.rayon)
      L.circle([data.centre.lat, data.centre.lon], {
        radius: data.centre.rayon * 1000,
        weight: 1,
        fill: false,
      }).addTo(map);
  }
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 13 });
  else map.setView([46.6, 2.4], 5);
  return map;
}

/** Renders every `[data-map]` container from the JSON block it names. */
export function renderMapFrom(containerId: string, dataId: string): void {
  const container = document.getElementById(containerId);
  const block = document.getElementById(dataId);
  if (!container || !block?.textContent) return;
  renderMap(container, JSON.parse(block.textContent) as MapData);
}
