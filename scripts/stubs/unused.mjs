// Stands in for modules that the bundle references but never runs: ws (Ink's devtools, only
// with DEV=true) and http2-wrapper (got, only with the http2 option, which we never set).
export default {};
