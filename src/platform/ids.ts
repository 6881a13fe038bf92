import { uuidv7 } from 'uuidv7';

/** New ids are UUIDv7: time-ordered, so indexes stay compact and audit ids sort by time. */
export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID.test(value);
}
