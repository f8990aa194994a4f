'use strict';
// A local, in-memory implementation of the A2V2 Open API (the vendor's pages,
// https://docs.a2v2.ai/developers/open-api; where those pages are silent, as the README's "How
// requests behave" reads them): keys with secrets scoped to one agent, per-key rate limits, the
// envelope and error bodies, fault injection, the control API, and the HTTP front. The
// resources' endpoints are in routes/: contacts, files, forms, documentExtraction. Plain Node,
// no dependencies.
const http = require('node:http');
const crypto = require('node:crypto');
const seed = require('./seed');
const {
	PREFIX,
	MiB,
	HttpError,
	notFound,
	badRequest,
	strip,
	readBody,
	multipartReader,
} = require('./common');
const contactRoutes = require('./routes/contacts');
const fileRoutes = require('./routes/files');
const formRoutes = require('./routes/forms');
const documentExtractionRoutes = require('./routes/documentExtraction');

/**
 * Creates the server. Options: port (0 = any), host, seed (demo data, default true), keys
 * (extra keys), minuteWindowMs / hourWindowMs (rate-limit windows), rateLimitWindows ('first-request',
 * the default: a key's window opens with its first request and lasts its length, as common
 * rate limiters for Express count; 'clock': windows aligned to the clock), latencyMs (a delay
 * before every API answer, as a distant server has), signedUrlTtlMs,
 * maxUploadBytes, clockOffsetMs (the server's clock ahead of the machine's), control (the
 * /__control HTTP API, default true), batchResults (the shape of the form batch answer, which the
 * contract only assumes: 'nested', the default, lists `{ index, success, data | error }` under
 * `data.results`; 'flat' lists `{ success, message, errors, submission }` in `data`, in order,
 * without an index). A batch whose every submission failed is answered with 400 and the results.
 */
function createA2V2Server(options = {}) {
	const cfg = {
		host: '127.0.0.1',
		port: 0,
		seed: true,
		minuteWindowMs: 60_000,
		hourWindowMs: 3_600_000,
		rateLimitWindows: 'first-request',
		latencyMs: 0,
		signedUrlTtlMs: 15 * 60_000,
		maxUploadBytes: 25 * MiB,
		clockOffsetMs: 0,
		control: true,
		batchResults: 'nested',
		...options,
	};
	const state = {
		keys: new Map(),
		contacts: [],
		files: [],
		templates: [],
		submissions: [],
		signed: new Map(),
		faults: [],
		requests: [],
		seq: 0,
		idCounter: 0,
	};
	const now = () => Date.now() + cfg.clockOffsetMs;
	const iso = () => new Date(now()).toISOString();
	const newId = () => {
		state.idCounter++;
		return (
			Math.floor(now() / 1000)
				.toString(16)
				.padStart(8, '0') +
			crypto.randomBytes(4).toString('hex') +
			state.idCounter.toString(16).padStart(8, '0')
		);
	};

	function addKey(k) {
		const key = {
			name: k.name ?? k.key,
			key: k.key,
			secret: k.secret,
			agentId: k.agentId ?? seed.DEMO_AGENT_ID,
			scopes: k.scopes ?? {},
			perMinute: k.perMinute ?? 60,
			perHour: k.perHour ?? 1000,
			windows: { minute: { start: 0, count: 0 }, hour: { start: 0, count: 0 } },
		};
		state.keys.set(key.key, key);
		return key;
	}

	// ---------- routing ----------
	const routes = [];
	const route = (method, pattern, scope, action, handler) => {
		const names = [];
		const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
		routes.push({ method, re, names, scope, action, handler });
	};

	route('GET', '/health', null, null, () => ({
		status: 200,
		body: { success: true, message: 'A2V2 Open API is healthy', version: '1.0.0' },
	}));

	const context = { cfg, state, route, now, iso, newId, multipart: multipartReader(cfg) };
	const contacts = contactRoutes(context);
	const { agentContacts, createContact } = contacts;
	const { storeFile } = fileRoutes({ ...context, contacts });
	const { submitForm } = formRoutes({ ...context, contacts });
	documentExtractionRoutes(context);

	// ---------- auth, scopes, rate limits ----------
	function authenticate(req) {
		const key = req.headers['x-api-key'];
		const secret = req.headers['x-api-secret'];
		if (!key || !secret)
			throw new HttpError(
				401,
				'API key and secret are required. Please provide x-api-key and x-api-secret headers.',
			);
		const found = state.keys.get(String(key));
		if (!found || found.secret !== String(secret))
			throw new HttpError(401, 'Invalid API key or secret');
		return found;
	}

	/** Counts a request against the key's windows; returns headers, or throws a 429. */
	function rateLimit(key) {
		const t = now();
		const windows = [
			['minute', cfg.minuteWindowMs, key.perMinute],
			['hour', cfg.hourWindowMs, key.perHour],
		].map(([name, size, limit]) => {
			const w = key.windows[name];
			if (cfg.rateLimitWindows === 'clock') {
				const start = Math.floor(t / size) * size;
				if (w.start !== start) Object.assign(w, { start, count: 0 });
			} else if (t >= w.start + size) {
				Object.assign(w, { start: t, count: 0 });
			}
			return { w, end: w.start + size, limit };
		});
		const blocked = windows.filter((x) => x.w.count >= x.limit).sort((a, b) => b.end - a.end)[0];
		if (blocked) {
			const headers = {
				'Retry-After': String(Math.max(1, Math.ceil((blocked.end - t) / 1000))),
				'X-RateLimit-Limit': String(blocked.limit),
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Math.ceil(blocked.end / 1000)),
			};
			const error = new HttpError(429, 'Rate limit exceeded. Please back off and retry later.');
			error.headers = headers;
			throw error;
		}
		for (const x of windows) x.w.count++;
		const tightest = windows.sort((a, b) => a.limit - a.w.count - (b.limit - b.w.count))[0];
		return {
			'X-RateLimit-Limit': String(tightest.limit),
			'X-RateLimit-Remaining': String(tightest.limit - tightest.w.count),
			'X-RateLimit-Reset': String(Math.ceil(tightest.end / 1000)),
		};
	}

	function authorize(key, r, params) {
		if (params.agentId !== undefined && params.agentId !== key.agentId) {
			throw new HttpError(403, `This API key is not scoped to agent "${params.agentId}"`);
		}
		const actions = key.scopes[r.scope] || [];
		if (!actions.includes(r.action))
			throw new HttpError(
				403,
				`Insufficient permissions: this API key lacks ${r.scope}:${r.action}`,
			);
	}

	function takeFault(method, path) {
		const i = state.faults.findIndex(
			(f) =>
				(!f.method || f.method === method) &&
				(!f.path || (f.path instanceof RegExp ? f.path.test(path) : path.startsWith(f.path))),
		);
		if (i < 0) return undefined;
		const fault = state.faults[i];
		// `after`: let that many matching requests through first.
		if (fault.after > 0) {
			fault.after--;
			return undefined;
		}
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) state.faults.splice(i, 1);
		return fault;
	}

	// ---------- control API (tests, npm start) ----------
	async function control(req, res, path) {
		const body =
			req.method === 'POST' ? JSON.parse((await readBody(req, MiB)).toString() || '{}') : {};
		const send = (data) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(data));
		};
		if (path === '/__control/faults' && req.method === 'POST') {
			const faults = Array.isArray(body) ? body : [body];
			for (const f of faults)
				api.addFault({ ...f, path: f.pathRegex ? new RegExp(f.pathRegex) : f.path });
			return send({ ok: true, pending: state.faults.length });
		}
		if (path === '/__control/reset' && req.method === 'POST') {
			api.reset(body);
			return send({ ok: true });
		}
		if (path === '/__control/keys' && req.method === 'POST') {
			addKey(body);
			return send({ ok: true });
		}
		if (path === '/__control/contacts' && req.method === 'POST') {
			const list = Array.isArray(body.contacts) ? body.contacts : [];
			const created = list.map((c) => strip(createContact(body.agentId ?? seed.DEMO_AGENT_ID, c)));
			return send({ ok: true, created: created.length });
		}
		if (path === '/__control/requests') {
			return send({
				requests: state.requests.map(({ method, path: p, status, at }) => ({
					method,
					path: p,
					status,
					at,
				})),
			});
		}
		if (path === '/__control/state') {
			return send(api.snapshot());
		}
		res.writeHead(404, { 'Content-Type': 'application/json' });
		res.end('{"success":false,"message":"unknown control endpoint"}');
		return undefined;
	}

	// ---------- HTTP ----------
	async function handle(req, res) {
		const url = new URL(req.url, 'http://local');
		const path = url.pathname;
		const origin = `http://${req.headers.host}`;
		const log = {
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			key: req.headers['x-api-key'] ?? null,
			status: 0,
			at: now(),
		};
		const send = (status, body, headers = {}) => {
			log.status = status;
			state.requests.push(log);
			res.writeHead(status, {
				'Content-Type': 'application/json; charset=utf-8',
				Date: new Date(now()).toUTCString(),
				...headers,
			});
			res.end(JSON.stringify(body));
		};

		if (cfg.control && path.startsWith('/__control/')) return control(req, res, path);
		if (cfg.latencyMs > 0) await new Promise((r) => setTimeout(r, cfg.latencyMs));

		if (path.startsWith('/signed/')) {
			const token = path.split('/')[2];
			const entry = state.signed.get(token);
			const file = entry && state.files.find((f) => f._id === entry.fileId);
			if (!entry || !file) return send(404, { success: false, message: 'Not found' });
			if (now() > entry.expiresAt) {
				log.status = 403;
				state.requests.push(log);
				res.writeHead(403, { 'Content-Type': 'application/xml' });
				return res.end(
					'<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
				);
			}
			log.status = 200;
			state.requests.push(log);
			res.writeHead(200, {
				'Content-Type': file.mimeType,
				'Content-Length': file._bytes.length,
				'Content-Disposition': `attachment; filename="${encodeURIComponent(file.fileName)}"`,
			});
			return res.end(file._bytes);
		}

		if (!path.startsWith(`${PREFIX}/`))
			return send(404, { success: false, message: `Route ${req.method} ${path} not found` });
		const apiPath = path.slice(PREFIX.length);

		const fault = takeFault(req.method, apiPath);
		if (fault) {
			log.fault = true;
			if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
			if (fault.drop && fault.when !== 'after') {
				state.requests.push({ ...log, status: 'dropped' });
				return req.socket.destroy();
			}
			if (fault.status)
				return send(
					fault.status,
					fault.body ?? {
						success: false,
						message: fault.message ?? `Injected fault ${fault.status}`,
					},
					fault.headers ?? {},
				);
			if (fault.successFalse)
				return send(200, { success: false, message: fault.message ?? 'Injected failure' });
		}

		let rateHeaders = {};
		try {
			const r = routes.find((x) => x.method === req.method && x.re.test(apiPath));
			const sameRoute = routes.find((x) => x.re.test(apiPath));
			if (!r) {
				if (sameRoute) throw new HttpError(405, `Method ${req.method} not allowed on ${apiPath}`);
				throw notFound(`Route ${req.method} ${apiPath} not found`);
			}
			const m = r.re.exec(apiPath);
			const p = {};
			r.names.forEach((n, i) => {
				p[n] = decodeURIComponent(m[i + 1]);
			});
			let key = null;
			if (r.scope) {
				key = authenticate(req);
				rateHeaders = rateLimit(key);
				log.key = key.name;
				authorize(key, r, p);
			}
			let json;
			const isMultipart = (req.headers['content-type'] || '').startsWith('multipart/');
			if (!isMultipart && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) {
				const raw = (await readBody(req, MiB)).toString('utf8');
				if (raw.trim()) {
					try {
						json = JSON.parse(raw);
					} catch {
						throw badRequest('Request body is not valid JSON');
					}
				}
			}
			const result = await r.handler({ p, q: log.query, json, req, key, origin });
			if (fault && fault.drop && fault.when === 'after') {
				state.requests.push({ ...log, status: 'dropped-after' });
				return req.socket.destroy();
			}
			return send(result.status ?? 200, result.body, rateHeaders);
		} catch (error) {
			if (!(error instanceof HttpError)) {
				send(500, { success: false, message: 'Internal server error' }, rateHeaders);
				throw error;
			}
			const body = { success: false, message: error.message };
			if (error.errors) body.errors = error.errors;
			return send(error.status, body, { ...rateHeaders, ...(error.headers ?? {}) });
		}
	}
	function seedDemo() {
		for (const k of seed.DEMO_KEYS) addKey(k);
		for (const c of seed.demoContacts()) createContact(seed.DEMO_AGENT_ID, c);
		const owner = state.contacts.find((c) => c.externalReferenceId === seed.DEMO_FILE.contactRef);
		storeFile(seed.DEMO_AGENT_ID, owner._id, {
			fileName: seed.DEMO_FILE.fileName,
			mimeType: seed.DEMO_FILE.mimeType,
			bytes: seed.DEMO_FILE.bytes(),
		});
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end('{"success":false,"message":"Internal server error"}');
			}
			if (!cfg.quiet) process.stderr.write(`a2v2 local server: ${error.stack}\n`);
		});
	});

	const api = {
		server,
		state,
		config: cfg,
		url: '',
		/** Injects a fault for the next request(s) matching method and path (below /v1/open). */
		addFault(f) {
			state.faults.push({ times: 1, ...f });
		},
		addKey,
		/**
		 * Creates a contact without a request, for tests; `at` (ISO) sets its createdAt and
		 * updatedAt, e.g. several contacts sharing one timestamp, or one committed late.
		 */
		createContact: (c, agentId = seed.DEMO_AGENT_ID, at = undefined) =>
			strip(createContact(agentId, c, at)),
		contacts: (agentId = seed.DEMO_AGENT_ID) => agentContacts(agentId).map(strip),
		files: () => state.files.map(strip),
		/** Stores a file on a contact (by A2V2 ID) without a request, for tests. */
		createFile: (contactId, file, agentId = seed.DEMO_AGENT_ID) =>
			strip(storeFile(agentId, contactId, file)),
		/** Submits a form for a contact (by external reference ID) without a request, for tests. */
		createSubmission: (contactRef, templateId, body, agentId = seed.DEMO_AGENT_ID) =>
			strip(submitForm(agentId, templateId, contactRef, body, body.clientId)),
		fileBytes: (id) => state.files.find((f) => f._id === id)?._bytes,
		submissions: () => state.submissions.map(strip),
		/** Requests received (and answered) so far, optionally only those matching. */
		requests: (filter = {}) =>
			state.requests.filter(
				(r) =>
					(!filter.method || r.method === filter.method) &&
					(!filter.path ||
						(filter.path instanceof RegExp
							? filter.path.test(r.path)
							: r.path.startsWith(filter.path))),
			),
		clearRequests() {
			state.requests.length = 0;
		},
		/** Back to the state after start (demo data when seeding), with the same options. */
		reset(overrides = {}) {
			Object.assign(cfg, overrides);
			state.keys.clear();
			state.contacts = [];
			state.files = [];
			state.submissions = [];
			state.templates = [];
			state.signed.clear();
			state.faults = [];
			state.requests.length = 0;
			// The agent's form templates are its configuration: there even without demo data.
			state.templates = seed.FORM_TEMPLATES.map((t) => ({ ...t }));
			if (cfg.seed) seedDemo();
			for (const k of cfg.keys ?? []) addKey(k);
		},
		snapshot() {
			return {
				contacts: agentContacts(seed.DEMO_AGENT_ID).map(strip),
				files: state.files.map(strip),
				submissions: state.submissions.map(strip),
				requests: state.requests.length,
			};
		},
		async listen() {
			await new Promise((resolve, reject) => {
				const failed = (error) => {
					if (error.code === 'EADDRINUSE') {
						error.message = `Port ${cfg.port} on ${cfg.host} is already in use, so the local A2V2 server cannot listen there`;
					}
					reject(error);
				};
				server.once('error', failed);
				server.listen(cfg.port, cfg.host, () => {
					server.off('error', failed);
					resolve();
				});
			});
			const address = server.address();
			api.port = address.port;
			api.url = `http://${cfg.host}:${address.port}`;
			return api;
		},
		async close() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
	api.reset();
	return api;
}

/** Creates and starts a server; resolves once it listens. */
async function startA2V2Server(options = {}) {
	return await createA2V2Server(options).listen();
}

module.exports = { createA2V2Server, startA2V2Server, PREFIX, ...seed };
