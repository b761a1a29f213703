// Stands in for http2-wrapper, which got imports but only uses with the http2 option, which this
// program never sets.
export default {};
