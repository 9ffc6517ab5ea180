// The system's Chromium with no internet: every host but the server's fails to resolve.
const { chromium } = require('playwright-core');

/** Launches Chromium that can reach `url`'s host and nothing else. */
exports.launchOffline = (url) => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${new URL(url).hostname}`,
  ],
});
