'use strict';
// The editor tests drive Debian's Chromium (playwright-core downloads no browser). Installs it
// with apt-get when it is missing and this runs as root (as CI does); says what to do otherwise.
const fs = require('node:fs');

const { aptInstall, isRoot } = require('./processes');

const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function ensureChromium() {
	if (fs.existsSync(BROWSER)) return BROWSER;
	if (isRoot()) {
		aptInstall(['chromium'], (text) => process.stdout.write(`[chromium] ${text}\n`));
		if (fs.existsSync(BROWSER)) return BROWSER;
	}
	throw new Error(
		`Chromium is needed at ${BROWSER} for the editor tests: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH`,
	);
}

module.exports = { ensureChromium };
if (require.main === module) ensureChromium();
