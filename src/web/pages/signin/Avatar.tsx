/**
 * Dark enough for white letters (each ≥ 5.6:1 against white, WCAG AA), and different enough that children next
 * to each other in a list rarely share one.
 */
const COLOURS = [
  '#3b3ea8',
  '#0b6e4f',
  '#7b2fbf',
  '#b02a37',
  '#9c4a00',
  '#1f6a8a',
  '#a61e4d',
  '#2f6b2f',
  '#5f3dc4',
  '#8a5a00',
  '#c2255c',
  '#1864ab',
] as const;

/**
 * The same colour for the same id, on every device and every day, so a child learns "mine is the green one".
 * Ids are UUIDv7, whose first characters are a timestamp: every character is mixed in (FNV-1a), not only those.
 */
export function avatarColour(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return COLOURS[(hash >>> 0) % COLOURS.length] as string;
}

/** A coloured circle with the first letter of the name; decorative, the name is always written next to it. */
export function Avatar({ id, name, size = 64 }: { id: string; name: string; size?: number }) {
  return (
    <span
      className="school-avatar"
      aria-hidden="true"
      style={{ background: avatarColour(id), width: size, height: size, fontSize: size * 0.5 }}
    >
      {Array.from(name.trim())[0]?.toUpperCase() ?? '?'}
    </span>
  );
}
