/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** Debian's Chromium, headless, as the e2e tests drive it (playwright-core downloads no browser). */
import { chromium, type Browser } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		// No background traffic: this machine reaches no host but its own.
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-dev-shm-usage',
		],
	});
}
