/**
 * A writable stream seen through a change to what is written: a new object that passes every
 * chunk through `map` on its way to `out`, and is `out` for all else (a terminal's columns, its
 * events), so it can be handed to Ink. `out` itself is left as it was.
 */
export function mapWrites<T extends NodeJS.WritableStream>(out: T, map: (chunk: unknown) => unknown): T {
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean).call(target, map(chunk), ...rest);
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
