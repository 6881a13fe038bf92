import { createRequire } from 'node:module';

/**
 * The picture set for picture passwords and group icons: things a five-year-old names at once (animals, fruit,
 * vehicles), drawn by Microsoft's Fluent Emoji (MIT licence, via @iconify-json/fluent-emoji-flat). Ids are stable:
 * stored picture passwords refer to them.
 */
export const PICTURES: readonly { id: string; nl: string; en: string }[] = [
  { id: 'dog-face', nl: 'hond', en: 'dog' },
  { id: 'cat-face', nl: 'kat', en: 'cat' },
  { id: 'lion', nl: 'leeuw', en: 'lion' },
  { id: 'elephant', nl: 'olifant', en: 'elephant' },
  { id: 'rabbit-face', nl: 'konijn', en: 'rabbit' },
  { id: 'frog', nl: 'kikker', en: 'frog' },
  { id: 'pig-face', nl: 'varken', en: 'pig' },
  { id: 'cow-face', nl: 'koe', en: 'cow' },
  { id: 'horse-face', nl: 'paard', en: 'horse' },
  { id: 'monkey-face', nl: 'aap', en: 'monkey' },
  { id: 'penguin', nl: 'pinguïn', en: 'penguin' },
  { id: 'tropical-fish', nl: 'vis', en: 'fish' },
  { id: 'butterfly', nl: 'vlinder', en: 'butterfly' },
  { id: 'duck', nl: 'eend', en: 'duck' },
  { id: 'turtle', nl: 'schildpad', en: 'turtle' },
  { id: 'owl', nl: 'uil', en: 'owl' },
  { id: 'red-apple', nl: 'appel', en: 'apple' },
  { id: 'banana', nl: 'banaan', en: 'banana' },
  { id: 'grapes', nl: 'druiven', en: 'grapes' },
  { id: 'strawberry', nl: 'aardbei', en: 'strawberry' },
  { id: 'watermelon', nl: 'watermeloen', en: 'watermelon' },
  { id: 'carrot', nl: 'wortel', en: 'carrot' },
  { id: 'cherries', nl: 'kersen', en: 'cherries' },
  { id: 'automobile', nl: 'auto', en: 'car' },
  { id: 'bus', nl: 'bus', en: 'bus' },
  { id: 'bicycle', nl: 'fiets', en: 'bicycle' },
  { id: 'rocket', nl: 'raket', en: 'rocket' },
  { id: 'airplane', nl: 'vliegtuig', en: 'aeroplane' },
  { id: 'tractor', nl: 'tractor', en: 'tractor' },
  { id: 'sun', nl: 'zon', en: 'sun' },
  { id: 'star', nl: 'ster', en: 'star' },
  { id: 'rainbow', nl: 'regenboog', en: 'rainbow' },
  { id: 'house', nl: 'huis', en: 'house' },
  { id: 'soccer-ball', nl: 'voetbal', en: 'football' },
  { id: 'balloon', nl: 'ballon', en: 'balloon' },
  { id: 'umbrella', nl: 'paraplu', en: 'umbrella' },
];

interface IconSet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  width?: number;
  height?: number;
}

let svgs: Map<string, string> | undefined;

/** The SVG documents of the set, built once from the icon package. */
function pictureSvgs(): Map<string, string> {
  if (!svgs) {
    const set = createRequire(import.meta.url)('@iconify-json/fluent-emoji-flat/icons.json') as IconSet;
    svgs = new Map();
    for (const { id } of PICTURES) {
      const icon = set.icons[id];
      if (!icon) throw new Error(`picture "${id}" is missing from the icon set`);
      const width = icon.width ?? set.width ?? 32;
      const height = icon.height ?? set.height ?? 32;
      svgs.set(
        id,
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${icon.body}</svg>`,
      );
    }
  }
  return svgs;
}

export function pictureSvg(id: string): string | undefined {
  return pictureSvgs().get(id);
}

export function isPictureId(id: string): boolean {
  return PICTURES.some((p) => p.id === id);
}
