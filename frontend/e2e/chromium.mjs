// Debian's Chromium, never a downloaded browser, launched so that nothing leaves 127.0.0.1.
export const CHROMIUM = process.env.CHROME_BIN ?? '/usr/bin/chromium'

// Chromium still calls Google services from the browser process (component updater, GAIA, autofill) despite
// Playwright's own flags; these pin every such call to a closed loopback port and stop DNS lookups.
// No extra --disable-features: a second one would replace Playwright's list.
export const LOOPBACK_ONLY_FLAGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--component-updater=url-source=http://127.0.0.1:9/',
  '--gaia-url=http://127.0.0.1:9/',
  '--lso-url=http://127.0.0.1:9/',
  '--google-apis-url=http://127.0.0.1:9/',
  '--autofill-server-url=http://127.0.0.1:9/',
]

export const launchArgs = () => ['--disable-gpu', '--disable-quic', ...LOOPBACK_ONLY_FLAGS]
