// The proxy agent imports Negotiate (Kerberos) proxy authentication, used only with its
// `negotiate` option, which this program never sets; it would need the native `kerberos` package.
export function createNegotiateAuth() {
  throw new Error('Negotiate proxy authentication is not part of this build');
}
