/**
 * Stripe's v1 API takes `application/x-www-form-urlencoded` bodies (and GET query strings)
 * written in qs's bracket notation: `items[0][price]=p`, `metadata[k]=v`, `expand[]=a`.
 * stripe-node sends indexed arrays; curl users and browsers often send `[]`. Both are accepted.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1] ?? '');
  return parts;
}

function isIndex(segment: string): boolean {
  return segment === '' || /^\d+$/.test(segment);
}

function assign(container: FormObject | FormValue[], segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (Array.isArray(container)) {
    const index = head === '' ? container.length : Number(head);
    if (rest.length === 0) {
      container[index] = value;
      return;
    }
    const existing = container[index];
    const child = existing !== undefined && typeof existing !== 'string' ? existing : isIndex(rest[0] ?? '') ? [] : {};
    container[index] = child;
    assign(child, rest, value);
    return;
  }
  if (rest.length === 0) {
    container[head] = value;
    return;
  }
  const existing = container[head];
  const child = existing !== undefined && typeof existing !== 'string' ? existing : isIndex(rest[0] ?? '') ? [] : {};
  container[head] = child;
  assign(child, rest, value);
}

/** Sparse arrays come out of indexed keys that skip numbers; Stripe treats them as dense. */
function compact(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = compact(v);
  return out;
}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (!body) return root;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    assign(root, splitKey(key), value);
  }
  const out = compact(root);
  return typeof out === 'object' && !Array.isArray(out) ? out : {};
}
