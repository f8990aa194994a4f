'use strict';
// The editor tests drive Debian's Chromium (playwright-core downloads no browser). Installs it
// with apt-get when it is missing and this runs as root (as CI does); says what to do otherwise.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function ensureChromium() {
	if (fs.existsSync(BROWSER)) return BROWSER;
	if (typeof process.getuid === 'function' && process.getuid() === 0) {
		process.stdout.write("[chromium] installing Debian's chromium with apt-get\n");
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (fs.existsSync(BROWSER)) return BROWSER;
	}
	throw new Error(
		`Chromium is needed at ${BROWSER} for the editor tests: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH`,
	);
}

module.exports = { ensureChromium };
if (require.main === module) ensureChromium();
