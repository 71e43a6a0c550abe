// Stands in for the `got` HTTP client inside @doyensec/electronegativity (see check.mjs):
// the tool would fetch translations and Electron's release list from the internet on
// every run. Refusing at once keeps the scan offline, fast and the same on every machine;
// the tool then uses its bundled English texts.
'use strict';
const offline = () => Promise.reject(new Error('electronegativity runs offline here'));
offline.head = offline;
offline.get = offline;
module.exports = offline;
