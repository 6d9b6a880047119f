/**
 * Jest global setup: (re)writes the cdktn flavour (gen/cdktn) from lib/ and examples/ before any
 * test runs, so `npx jest` on its own tests the current sources on both engines.
 */
module.exports = async () => {
  require('../../scripts/cdktn-flavour.js').generate();
};
