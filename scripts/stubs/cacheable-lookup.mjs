// got imports cacheable-lookup statically but only uses it with the `dnsCache` option, which this
// program never sets. Keeping it out saves loading node:dns and its set-up at every start.
export default class CacheableLookup {
  constructor() {
    throw new Error('DNS caching is not part of this build');
  }
}
