// got imports cacheable-request statically but only uses it with the `cache` option, which this
// program never sets. Keeping it out saves ~30 KB of bundle and parse time at every start.
export default class CacheableRequest {
  constructor() {
    throw new Error('HTTP caching is not part of this build');
  }
}
export class CacheError extends Error {}
