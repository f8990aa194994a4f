'use strict';
// What the project's scripts share about the machine and the programs they run: root or not, a
// free loopback port, Debian packages installed without starting their services, and stopping a
// child process.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** A port free on 127.0.0.1 a moment ago. */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * Installs Debian's `packages` with apt-get (as root). A policy-rc.d that answers 101 keeps their
 * services from starting (on every interface) while they install.
 */
function aptInstall(packages) {
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
}

/** Whether a child process has ended (one ended by a signal keeps exitCode null). */
const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, and SIGKILL when the child is still there after `graceMs`. */
async function stopChild(child, graceMs) {
	if (hasExited(child)) return;
	child.kill('SIGTERM');
	let timer;
	await Promise.race([
		new Promise((r) => child.once('exit', r)),
		new Promise((r) => {
			timer = setTimeout(r, graceMs);
		}),
	]);
	// A child that exited in time leaves no timer behind (jest waited for it before exiting).
	clearTimeout(timer);
	if (!hasExited(child)) child.kill('SIGKILL');
}

module.exports = { isRoot, freePort, aptInstall, hasExited, stopChild };
