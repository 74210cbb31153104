// A Map from keys to lists that stores a one-element list as its element: most reference keys have one value.

/**
 * Behaves as a `Map<string, T[]>` (get, has, iteration, size), but a key with one value costs no
 * array: `get` hands out a fresh one-element array for it. Values must not be arrays themselves.
 * Lists handed out for keys with several values are the stored ones: callers must not change them.
 */
export class ListMap<T> extends Map<string, T[]> {
  /** Adds `value` to the key's list unless it is already there. */
  add(key: string, value: T): void {
    const stored = super.get(key) as T | T[] | undefined;
    if (stored === undefined) super.set(key, value as unknown as T[]);
    else if (!Array.isArray(stored)) {
      if (stored !== value) super.set(key, [stored, value]);
    } else if (!stored.includes(value)) stored.push(value);
  }

  override get(key: string): T[] | undefined {
    const stored = super.get(key) as T | T[] | undefined;
    return stored === undefined ? undefined : asList(stored);
  }

  override set(key: string, list: T[]): this {
    return super.set(key, list.length === 1 ? (list[0] as unknown as T[]) : list);
  }

  override forEach(callback: (value: T[], key: string, map: Map<string, T[]>) => void, thisArg?: unknown): void {
    for (const [key, list] of this.entries()) callback.call(thisArg, list, key, this);
  }

  override *entries(): MapIterator<[string, T[]]> {
    for (const [key, stored] of super.entries()) yield [key, asList(stored)];
  }

  override *values(): MapIterator<T[]> {
    for (const stored of super.values()) yield asList(stored);
  }

  override [Symbol.iterator](): MapIterator<[string, T[]]> {
    return this.entries();
  }
}

function asList<T>(stored: T | T[]): T[] {
  return Array.isArray(stored) ? (stored as T[]) : [stored as T];
}
