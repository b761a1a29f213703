// Stands in, inside got only, for node:http2 and got's own HTTP/2 client (./utils/http2-client.js):
// got 16 imports both at load, but uses the client only with the `http2` option and node:http2
// only to tell an HTTP/2 server response it pipes into, neither of which this program does.
// Loading node:http2 costs every start ~50 ms of CPU and ~12 MiB (npm run bench).
export class Http2ServerResponse {}
export const constants = {};
export default {
  globalAgent: undefined,
  auto() {
    throw new Error('HTTP/2 is not part of this build');
  },
};
