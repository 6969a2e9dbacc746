type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** What the caller presented: a virtual key's value, or nothing that claims to be one. */
export type PresentedVirtualKey =
  /** A configured key's value, or (`known: false`) a value that claims to be one but matches none. */
  | { value: string; known: boolean; header: string }
  /** No virtual key; `credential` tells whether some other credential (a provider key) was sent. */
  | { value: undefined; credential: boolean };

/** Bifrost's prefix for virtual key values: such a value is always meant as a virtual key. */
const virtualKeyPrefix = 'sk-bf-';

/** Each surface's own credential header, in the order they are read. */
const credentialHeaders = ['authorization', 'x-api-key', 'x-goog-api-key'] as const;

/**
 * Finds the virtual key in the caller's headers (lower-case names): `x-bf-vk` (always a
 * virtual key, known or not), then `authorization: Bearer <vk>`, `x-api-key`,
 * `x-goog-api-key`. Those three also carry provider keys (direct keys), so their value
 * counts as a virtual key only when it matches a configured one (`isKnown`) or carries
 * Bifrost's `sk-bf-` prefix.
 */
export function presentedVirtualKey(headers: Headers, isKnown: (value: string) => boolean): PresentedVirtualKey {
  const explicit = first(headers['x-bf-vk']);
  if (explicit !== undefined && explicit !== '') return { value: explicit, known: isKnown(explicit), header: 'x-bf-vk' };
  let credential = false;
  for (const header of credentialHeaders) {
    let value = first(headers[header]);
    if (value === undefined || value === '') continue;
    if (header === 'authorization') {
      const match = /^bearer\s+(.+)$/i.exec(value.trim());
      if (match === null) {
        credential = true;
        continue;
      }
      value = match[1]!.trim();
    }
    credential = true;
    if (isKnown(value)) return { value, known: true, header };
    if (value.startsWith(virtualKeyPrefix)) return { value, known: false, header };
  }
  return { value: undefined, credential };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
