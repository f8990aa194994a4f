'use strict';
// A local, in-memory implementation of the A2V2 Open API (https://docs.a2v2.ai/developers/open-api;
// where those pages are silent, as the README's "How requests behave" reads them):
// keys with secrets scoped to one agent, per-key rate limits, the envelope and error bodies,
// pagination, every endpoint of contacts, contact files, forms and document extraction,
// signed download URLs, and fault injection. Plain Node, no dependencies.
const http = require('node:http');
const crypto = require('node:crypto');
const { documentText, extract } = require('./documents');
const seed = require('./seed');

const PREFIX = '/v1/open';
const MiB = 1024 * 1024;
const CONTACT_STATUSES = ['active', 'inactive', 'blocked'];
const SUBMISSION_STATUSES = [
	'draft',
	'submitted',
	'under_review',
	'approved',
	'rejected',
	'archived',
];
const CONTACT_SORT = ['createdAt', 'updatedAt', 'firstName', 'lastName', 'primaryEmail'];
const FILE_SORT = ['createdAt', 'fileName', 'fileSize'];
const STANDARD_FIELDS = [
	'firstName',
	'lastName',
	'middleName',
	'salutation',
	'dob',
	'gender',
	'primaryEmail',
	'primaryPhone',
	'primaryPhoneCode',
	'fullAddress',
	'externalReferenceId',
	'tags',
	'status',
	'source',
	'lastContactedAt',
	'customFields',
];
const EXTRACTION_TYPES = ['string', 'number', 'date', 'boolean', 'email', 'array', 'object'];
const FILE_TYPES = {
	'application/pdf': 'pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/msword': 'doc',
	'text/plain': 'txt',
	'text/csv': 'csv',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};
const EXTRACTION_DOCUMENT_TYPES = [
	'application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'text/plain',
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class HttpError extends Error {
	constructor(status, message, errors) {
		super(message);
		this.status = status;
		this.errors = errors;
	}
}
const badRequest = (message, errors) => new HttpError(400, message, errors);
const notFound = (message) => new HttpError(404, message);

function isDate(v) {
	return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Date.parse(v));
}

/** Checks a value against a schema field type; returns an error message or undefined. */
function typeError(field, value) {
	const t = field.type;
	if (value === null || value === undefined) return undefined;
	if (['string', 'phone', 'textarea'].includes(t) && typeof value !== 'string')
		return 'must be a string';
	if (t === 'email' && (typeof value !== 'string' || !EMAIL.test(value)))
		return 'must be a valid email address';
	if (t === 'number' && (typeof value !== 'number' || !Number.isFinite(value)))
		return 'must be a number';
	if (t === 'boolean' && typeof value !== 'boolean') return 'must be a boolean';
	if (t === 'date' && !isDate(value)) return 'must be a date';
	if (t === 'select' && !(field.options || []).some((o) => o.value === value)) {
		return `must be one of ${(field.options || []).map((o) => o.value).join(', ')}`;
	}
	if (t === 'multiselect') {
		if (!Array.isArray(value)) return 'must be an array';
		const allowed = (field.options || []).map((o) => o.value);
		const bad = value.filter((v) => !allowed.includes(v));
		if (bad.length) return `has values that are not options: ${bad.join(', ')}`;
	}
	if (t === 'array' && !Array.isArray(value)) return 'must be an array';
	if (t === 'object' && (typeof value !== 'object' || Array.isArray(value)))
		return 'must be an object';
	return undefined;
}

function paginate(list, query, defaultLimit = 20) {
	const errors = [];
	const page = query.page === undefined ? 1 : Number(query.page);
	const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
	if (!Number.isInteger(page) || page < 1)
		errors.push({ field: 'page', message: 'page must be an integer >= 1' });
	if (!Number.isInteger(limit) || limit < 1 || limit > 100)
		errors.push({ field: 'limit', message: 'limit must be an integer from 1 to 100' });
	if (errors.length) throw badRequest('Invalid pagination parameters', errors);
	const totalItems = list.length;
	const totalPages = Math.max(1, Math.ceil(totalItems / limit));
	return {
		data: list.slice((page - 1) * limit, page * limit),
		pagination: {
			currentPage: page,
			totalPages,
			totalItems,
			itemsPerPage: limit,
			hasNextPage: page < totalPages,
			hasPreviousPage: page > 1,
		},
	};
}

function compareBy(key, order) {
	const dir = order === 'asc' ? 1 : -1;
	return (a, b) => {
		const x = a[key] ?? '';
		const y = b[key] ?? '';
		if (x < y) return -dir;
		if (x > y) return dir;
		// Stable and total: ties are broken by creation sequence, in the same direction.
		return (a._seq - b._seq) * dir;
	};
}

function checkSort(query, allowed) {
	const errors = [];
	if (query.sortBy !== undefined && !allowed.includes(query.sortBy)) {
		errors.push({ field: 'sortBy', message: `sortBy must be one of ${allowed.join(', ')}` });
	}
	if (query.sortOrder !== undefined && !['asc', 'desc'].includes(query.sortOrder)) {
		errors.push({ field: 'sortOrder', message: 'sortOrder must be asc or desc' });
	}
	if (errors.length) throw badRequest('Invalid query parameters', errors);
}

const strip = (doc) => {
	const out = { ...doc };
	delete out._seq;
	delete out._bytes;
	delete out._agentId;
	return out;
};

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

	// ---------- contacts ----------
	function agentContacts(agentId) {
		return state.contacts.filter((c) => c._agentId === agentId);
	}

	function validateContact(body, { create, agentId, self }) {
		const errors = [];
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw badRequest('Request body must be a JSON object');
		for (const key of Object.keys(body)) {
			if (!STANDARD_FIELDS.includes(key))
				errors.push({
					field: key,
					message: `Unknown field "${key}": put your own fields under customFields`,
				});
		}
		if (create && (body.primaryEmail === undefined || body.primaryEmail === ''))
			errors.push({ field: 'primaryEmail', message: 'primaryEmail is required' });
		for (const field of seed.CONTACT_SCHEMA) {
			if (field.key === 'tags') continue; // checked below: an array of strings
			const value = field.custom ? body.customFields?.[field.key] : body[field.key];
			const problem = typeError(field, value);
			if (problem)
				errors.push({
					field: field.custom ? `customFields.${field.key}` : field.key,
					message: `${field.key} ${problem}`,
				});
		}
		if (
			body.tags !== undefined &&
			(!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string'))
		) {
			errors.push({ field: 'tags', message: 'tags must be an array of strings' });
		}
		if (
			body.customFields !== undefined &&
			(typeof body.customFields !== 'object' ||
				body.customFields === null ||
				Array.isArray(body.customFields))
		) {
			errors.push({ field: 'customFields', message: 'customFields must be an object' });
		}
		if (
			body.externalReferenceId !== undefined &&
			(typeof body.externalReferenceId !== 'string' || body.externalReferenceId.trim() === '')
		) {
			errors.push({
				field: 'externalReferenceId',
				message: 'externalReferenceId must be a non-empty string',
			});
		}
		if (errors.length) throw badRequest('Validation failed', errors);
		if (body.externalReferenceId !== undefined) {
			const taken = agentContacts(agentId).find(
				(c) => c.externalReferenceId === body.externalReferenceId && c !== self,
			);
			if (taken)
				throw new HttpError(
					409,
					`A contact with externalReferenceId "${body.externalReferenceId}" already exists`,
				);
		}
	}

	function createContact(agentId, body, at = iso()) {
		validateContact(body, { create: true, agentId });
		const contact = {
			_id: newId(),
			tags: [],
			status: 'active',
			customFields: {},
			...body,
			agentId,
			isArchived: false,
			archivedAt: null,
			createdAt: at,
			updatedAt: at,
			_agentId: agentId,
			_seq: ++state.seq,
		};
		state.contacts.push(contact);
		return contact;
	}

	function findContact(agentId, kind, id) {
		const contact = agentContacts(agentId).find((c) =>
			kind === 'mantisid' ? c._id === id : c.externalReferenceId === id,
		);
		if (!contact) {
			throw notFound(
				kind === 'mantisid'
					? `Contact with ID "${id}" not found`
					: `Contact with externalReferenceId "${id}" not found`,
			);
		}
		return contact;
	}

	function updateContact(contact, body) {
		validateContact(body, { create: false, agentId: contact._agentId, self: contact });
		const { customFields, ...rest } = body;
		Object.assign(contact, rest);
		if (customFields) contact.customFields = { ...contact.customFields, ...customFields };
		contact.updatedAt = iso();
		return contact;
	}

	function listContacts(agentId, q) {
		checkSort(q, CONTACT_SORT);
		if (q.status !== undefined && !CONTACT_STATUSES.includes(q.status)) {
			throw badRequest('Invalid query parameters', [
				{ field: 'status', message: `status must be one of ${CONTACT_STATUSES.join(', ')}` },
			]);
		}
		let list = agentContacts(agentId).filter((c) => !c.isArchived);
		if (q.search) {
			const s = String(q.search).toLowerCase();
			list = list.filter((c) =>
				['firstName', 'lastName', 'primaryEmail', 'externalReferenceId', 'primaryPhone'].some((k) =>
					String(c[k] ?? '')
						.toLowerCase()
						.includes(s),
				),
			);
		}
		if (q.status) list = list.filter((c) => c.status === q.status);
		if (q.tag) list = list.filter((c) => (c.tags || []).includes(q.tag));
		list = [...list].sort(compareBy(q.sortBy ?? 'createdAt', q.sortOrder ?? 'desc'));
		const page = paginate(list, q);
		return { ...page, data: page.data.map(strip) };
	}

	// ---------- forms ----------
	function findTemplate(id) {
		const t = state.templates.find((x) => x._id === id);
		if (!t) throw notFound(`Form template "${id}" not found`);
		return t;
	}

	function validateFormData(template, formData, { partial = false } = {}) {
		if (!formData || typeof formData !== 'object' || Array.isArray(formData)) {
			throw badRequest('Validation failed', [
				{ field: 'formData', message: 'formData must be an object' },
			]);
		}
		const errors = [];
		for (const field of template.fields) {
			const value = formData[field.key];
			if (!partial && field.required && (value === undefined || value === null || value === '')) {
				errors.push({ field: `formData.${field.key}`, message: `${field.label} is required` });
				continue;
			}
			const problem = typeError(field, value);
			if (problem)
				errors.push({ field: `formData.${field.key}`, message: `${field.key} ${problem}` });
		}
		for (const key of Object.keys(formData)) {
			if (!template.fields.some((f) => f.key === key))
				errors.push({ field: `formData.${key}`, message: `Unknown field "${key}"` });
		}
		if (errors.length) throw badRequest('Validation failed', errors);
	}

	function submitForm(agentId, templateId, contactRef, body, clientId) {
		const template = findTemplate(templateId);
		if (!template.isActive) throw badRequest(`Form template "${templateId}" is not active`);
		const contact = findContact(agentId, 'ref', contactRef);
		validateFormData(template, body.formData);
		const at = iso();
		const submission = {
			_id: newId(),
			templateId,
			templateName: template.name,
			contactId: contact._id,
			externalReferenceId: contact.externalReferenceId,
			formData: body.formData,
			submissionNotes: body.submissionNotes ?? null,
			clientId: clientId ?? body.clientId ?? null,
			status: 'submitted',
			reviewNotes: null,
			supersededBy: null,
			createdAt: at,
			updatedAt: at,
			_agentId: agentId,
			_seq: ++state.seq,
		};
		for (const earlier of state.submissions) {
			if (
				earlier.contactId === contact._id &&
				earlier.templateId === templateId &&
				!earlier.supersededBy
			)
				earlier.supersededBy = submission._id;
		}
		state.submissions.push(submission);
		return submission;
	}

	function findSubmission(agentId, id) {
		const s = state.submissions.find((x) => x._id === id && x._agentId === agentId);
		if (!s) throw notFound(`Form submission "${id}" not found`);
		return s;
	}

	// ---------- multipart ----------
	async function readBody(req, limit) {
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size > limit)
				throw new HttpError(413, `File too large: the limit is ${Math.round(limit / MiB)} MB`);
			chunks.push(chunk);
		}
		return Buffer.concat(chunks);
	}

	async function readMultipart(req) {
		const type = req.headers['content-type'] || '';
		if (!type.startsWith('multipart/form-data'))
			throw new HttpError(415, 'Expected multipart/form-data');
		const length = Number(req.headers['content-length']);
		if (Number.isFinite(length) && length > cfg.maxUploadBytes + 64 * 1024) {
			req.resume();
			throw new HttpError(
				413,
				`File too large: the limit is ${Math.round(cfg.maxUploadBytes / MiB)} MB`,
			);
		}
		const raw = await readBody(req, cfg.maxUploadBytes + 64 * 1024);
		try {
			return await new Request('http://local/', {
				method: 'POST',
				headers: { 'content-type': type },
				body: raw,
			}).formData();
		} catch {
			throw badRequest('Malformed multipart body');
		}
	}

	async function filePart(form, name) {
		const file = form.get(name);
		if (!file || typeof file === 'string')
			throw badRequest(`The "${name}" file field is required`, [
				{ field: name, message: `${name} is required` },
			]);
		const bytes = Buffer.from(await file.arrayBuffer());
		if (bytes.length > cfg.maxUploadBytes)
			throw new HttpError(
				413,
				`File too large: ${bytes.length} bytes; the limit is ${Math.round(cfg.maxUploadBytes / MiB)} MB`,
			);
		return {
			bytes,
			fileName: file.name || 'file',
			mimeType: (file.type || 'application/octet-stream').split(';')[0].trim().toLowerCase(),
		};
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

	// Contacts
	route('GET', '/contacts/schema/chatbots/:agentId', 'contacts', 'read', () => ({
		body: {
			success: true,
			message: 'Contact schema retrieved',
			data: { fields: seed.CONTACT_SCHEMA },
		},
	}));
	route('POST', '/contacts/chatbots/:agentId', 'contacts', 'create', ({ p, json }) => ({
		status: 201,
		body: {
			success: true,
			message: 'Contact created successfully',
			data: strip(createContact(p.agentId, json)),
		},
	}));
	route('GET', '/contacts/chatbots/:agentId', 'contacts', 'read', ({ p, q }) => ({
		body: { success: true, message: 'Contacts retrieved', ...listContacts(p.agentId, q) },
	}));
	for (const kind of ['mantisid', 'ref']) {
		const base =
			kind === 'mantisid'
				? '/contacts/mantisid/:id/chatbots/:agentId'
				: '/contacts/:id/chatbots/:agentId';
		const check = (id) => {
			if (kind === 'mantisid' && !/^[0-9a-f]{24}$/i.test(id))
				throw badRequest(`Invalid contact ID "${id}"`, [
					{ field: 'contactId', message: 'must be 24 hexadecimal characters' },
				]);
		};
		route(
			'GET',
			base,
			'contacts',
			'read',
			({ p }) => (
				check(p.id),
				{
					body: {
						success: true,
						message: 'Contact retrieved',
						data: strip(findContact(p.agentId, kind, p.id)),
					},
				}
			),
		);
		route(
			'PUT',
			base,
			'contacts',
			'update',
			({ p, json }) => (
				check(p.id),
				{
					body: {
						success: true,
						message: 'Contact updated successfully',
						data: strip(updateContact(findContact(p.agentId, kind, p.id), json)),
					},
				}
			),
		);
		route('PATCH', `${base}/archive`, 'contacts', 'update', ({ p }) => {
			check(p.id);
			const c = findContact(p.agentId, kind, p.id);
			if (!c.isArchived)
				Object.assign(c, { isArchived: true, archivedAt: iso(), updatedAt: iso() });
			return { body: { success: true, message: 'Contact archived successfully', data: strip(c) } };
		});
	}

	// Contact files
	const fileOf = (p) => {
		const f = state.files.find(
			(x) => x._id === p.fileId && x.contactId === p.contactId && x._agentId === p.agentId,
		);
		if (!f) throw notFound(`File "${p.fileId}" not found for contact "${p.contactId}"`);
		return f;
	};
	route('POST', '/files/chatbots/:agentId/:contactId', 'contacts', 'create', async ({ p, req }) => {
		findContact(p.agentId, 'mantisid', p.contactId);
		const form = await readMultipart(req);
		const part = await filePart(form, 'file');
		const ext = part.fileName.split('.').pop().toLowerCase();
		const typeOk =
			FILE_TYPES[part.mimeType] ||
			(part.mimeType === 'application/octet-stream' && Object.values(FILE_TYPES).includes(ext));
		if (!typeOk) throw new HttpError(415, `File type "${part.mimeType}" is not allowed`);
		const file = storeFile(p.agentId, p.contactId, part);
		return {
			status: 201,
			body: { success: true, message: 'File uploaded successfully', data: strip(file) },
		};
	});
	route('GET', '/files/chatbots/:agentId/:contactId', 'contacts', 'read', ({ p, q }) => {
		findContact(p.agentId, 'mantisid', p.contactId);
		checkSort(q, FILE_SORT);
		const list = state.files
			.filter((f) => f.contactId === p.contactId && f._agentId === p.agentId)
			.sort(compareBy(q.sortBy ?? 'createdAt', q.sortOrder ?? 'desc'));
		const page = paginate(list, q);
		return {
			body: { success: true, message: 'Files retrieved', ...page, data: page.data.map(strip) },
		};
	});
	route(
		'GET',
		'/files/chatbots/:agentId/:contactId/files/:fileId',
		'contacts',
		'read',
		({ p }) => ({ body: { success: true, message: 'File retrieved', data: strip(fileOf(p)) } }),
	);
	route(
		'GET',
		'/files/chatbots/:agentId/:contactId/files/:fileId/signed-url',
		'contacts',
		'read',
		({ p, origin }) => {
			const f = fileOf(p);
			const token = crypto.randomBytes(16).toString('hex');
			const expiresAt = now() + cfg.signedUrlTtlMs;
			state.signed.set(token, { fileId: f._id, expiresAt });
			return {
				body: {
					success: true,
					message: 'Signed URL generated',
					data: {
						url: `${origin}/signed/${token}/${encodeURIComponent(f.fileName)}`,
						expiresAt: new Date(expiresAt).toISOString(),
					},
				},
			};
		},
	);
	route(
		'DELETE',
		'/files/chatbots/:agentId/:contactId/files/:fileId',
		'contacts',
		'delete',
		({ p, json }) => {
			const f = fileOf(p);
			state.files = state.files.filter((x) => x !== f);
			return {
				body: {
					success: true,
					message: 'File deleted successfully',
					data: { _id: f._id, deleted: true, reason: json?.reason ?? null },
				},
			};
		},
	);

	// Forms
	route('GET', '/forms/templates/chatbots/:agentId', 'forms', 'read', () => ({
		body: {
			success: true,
			message: 'Templates retrieved',
			data: state.templates.map(({ fields: _fields, ...t }) => t),
		},
	}));
	route(
		'GET',
		'/forms/templates/:templateId/schema/chatbots/:agentId',
		'forms',
		'read',
		({ p }) => {
			const t = findTemplate(p.templateId);
			return {
				body: {
					success: true,
					message: 'Template schema retrieved',
					data: { templateId: t._id, name: t.name, fields: t.fields },
				},
			};
		},
	);
	route(
		'GET',
		'/forms/templates/:templateId/structure/chatbots/:agentId',
		'forms',
		'read',
		({ p }) => {
			const t = findTemplate(p.templateId);
			const example = {
				string: 'text',
				email: 'name@example.com',
				number: 0,
				date: '2026-01-31',
				boolean: false,
				textarea: 'text',
				array: [],
				object: {},
			};
			const structure = Object.fromEntries(
				t.fields.map((f) => [
					f.key,
					f.type === 'select'
						? f.options[0].value
						: f.type === 'multiselect'
							? [f.options[0].value]
							: (example[f.type] ?? ''),
				]),
			);
			return {
				body: {
					success: true,
					message: 'Template structure retrieved',
					data: { templateId: t._id, name: t.name, structure },
				},
			};
		},
	);
	route(
		'POST',
		'/forms/submit/:templateId/contacts/:ref',
		'forms',
		'create',
		({ p, json, key }) => ({
			status: 201,
			body: {
				success: true,
				message: 'Form submitted successfully',
				data: strip(submitForm(key.agentId, p.templateId, p.ref, json ?? {})),
			},
		}),
	);
	route(
		'POST',
		'/forms/batch/contacts/:ref/chatbots/:agentId',
		'forms',
		'create',
		({ p, json }) => {
			const list = json?.submissions;
			if (!Array.isArray(list) || list.length < 1 || list.length > 10) {
				throw badRequest('submissions must be an array of 1 to 10 submissions', [
					{ field: 'submissions', message: 'must contain 1 to 10 submissions' },
				]);
			}
			findContact(p.agentId, 'ref', p.ref);
			const flat = cfg.batchResults === 'flat';
			const results = list.map((s, index) => {
				try {
					const submission = strip(
						submitForm(p.agentId, s?.templateId, p.ref, s ?? {}, s?.clientId),
					);
					return flat ? { success: true, submission } : { index, success: true, data: submission };
				} catch (error) {
					if (!(error instanceof HttpError)) throw error;
					return flat
						? { success: false, message: error.message, errors: error.errors ?? [] }
						: {
								index,
								success: false,
								error: { status: error.status, message: error.message, errors: error.errors },
							};
				}
			});
			const successCount = results.filter((r) => r.success).length;
			const message = `${successCount} of ${results.length} submissions succeeded`;
			const data = flat
				? results
				: { results, successCount, failureCount: results.length - successCount };
			if (successCount === 0) return { status: 400, body: { success: false, message, data } };
			return { body: { success: true, message, data } };
		},
	);
	route('GET', '/forms/contacts/:ref/chatbots/:agentId', 'forms', 'read', ({ p, q }) => {
		const contact = findContact(p.agentId, 'ref', p.ref);
		if (q.status !== undefined && !SUBMISSION_STATUSES.includes(q.status)) {
			throw badRequest('Invalid query parameters', [
				{ field: 'status', message: `status must be one of ${SUBMISSION_STATUSES.join(', ')}` },
			]);
		}
		let list = state.submissions.filter((s) => s.contactId === contact._id);
		if (q.templateId) list = list.filter((s) => s.templateId === q.templateId);
		if (q.status) list = list.filter((s) => s.status === q.status);
		if (q.includeSuperseded !== 'true') list = list.filter((s) => !s.supersededBy);
		list = list.sort(compareBy('createdAt', 'desc'));
		const page = paginate(list, q);
		return {
			body: {
				success: true,
				message: 'Submissions retrieved',
				...page,
				data: page.data.map(strip),
			},
		};
	});
	route('GET', '/forms/submissions/:id/chatbots/:agentId', 'forms', 'read', ({ p }) => ({
		body: {
			success: true,
			message: 'Submission retrieved',
			data: strip(findSubmission(p.agentId, p.id)),
		},
	}));
	route('PUT', '/forms/submissions/:id/chatbots/:agentId', 'forms', 'update', ({ p, json }) => {
		const s = findSubmission(p.agentId, p.id);
		const body = json ?? {};
		if (body.status !== undefined && !SUBMISSION_STATUSES.includes(body.status)) {
			throw badRequest('Validation failed', [
				{ field: 'status', message: `status must be one of ${SUBMISSION_STATUSES.join(', ')}` },
			]);
		}
		if (body.formData !== undefined) {
			validateFormData(findTemplate(s.templateId), body.formData, { partial: true });
			s.formData = { ...s.formData, ...body.formData };
		}
		for (const k of ['submissionNotes', 'status', 'reviewNotes'])
			if (body[k] !== undefined) s[k] = body[k];
		s.updatedAt = iso();
		return { body: { success: true, message: 'Submission updated successfully', data: strip(s) } };
	});
	route(
		'GET',
		'/forms/contacts/:ref/templates/:templateId/latest/chatbots/:agentId',
		'forms',
		'read',
		({ p }) => {
			const contact = findContact(p.agentId, 'ref', p.ref);
			findTemplate(p.templateId);
			const latest = state.submissions
				.filter(
					(s) => s.contactId === contact._id && s.templateId === p.templateId && !s.supersededBy,
				)
				.sort(compareBy('createdAt', 'desc'))[0];
			if (!latest)
				throw notFound(`No submission of template "${p.templateId}" for contact "${p.ref}"`);
			return {
				body: { success: true, message: 'Latest submission retrieved', data: strip(latest) },
			};
		},
	);

	// Document extraction
	route('GET', '/document-extraction/schema-examples', 'document-extraction', 'read', () => ({
		body: { success: true, message: 'Schema examples retrieved', data: seed.SCHEMA_EXAMPLES },
	}));
	route(
		'POST',
		'/document-extraction/extract',
		'document-extraction',
		'create',
		async ({ req }) => {
			const started = Date.now();
			const form = await readMultipart(req);
			const doc = await filePart(form, 'document');
			if (doc.bytes.length === 0)
				throw badRequest('The document is empty', [
					{ field: 'document', message: 'document is empty' },
				]);
			const byExt = {
				pdf: 'application/pdf',
				txt: 'text/plain',
				docx: EXTRACTION_DOCUMENT_TYPES[1],
				png: 'image/png',
				jpg: 'image/jpeg',
				jpeg: 'image/jpeg',
			};
			const mimeType =
				doc.mimeType === 'application/octet-stream'
					? (byExt[doc.fileName.split('.').pop().toLowerCase()] ?? doc.mimeType)
					: doc.mimeType;
			if (!EXTRACTION_DOCUMENT_TYPES.includes(mimeType))
				throw new HttpError(
					415,
					`Document type "${doc.mimeType}" is not supported: use PDF, DOCX, TXT or an image`,
				);
			const rawSchema = form.get('schema');
			let schema;
			try {
				schema = typeof rawSchema === 'string' ? JSON.parse(rawSchema) : undefined;
			} catch {
				schema = undefined;
			}
			if (!schema || typeof schema !== 'object' || Array.isArray(schema))
				throw badRequest('schema must be a JSON object', [
					{ field: 'schema', message: 'schema must be a JSON object' },
				]);
			const entries = Object.entries(schema);
			if (entries.length === 0)
				throw badRequest('schema has no fields', [
					{ field: 'schema', message: 'schema needs at least one field' },
				]);
			const errors = entries
				.filter(
					([, spec]) => !spec || typeof spec !== 'object' || !EXTRACTION_TYPES.includes(spec.type),
				)
				.map(([name, spec]) => ({
					field: `schema.${name}`,
					message: `unknown type "${spec?.type}"; use one of ${EXTRACTION_TYPES.join(', ')}`,
				}));
			if (errors.length) throw badRequest('Invalid schema', errors);
			const result = extract(documentText(doc.bytes, mimeType, doc.fileName), schema);
			const saveToS3 = String(form.get('saveToS3') ?? 'false') === 'true';
			return {
				body: {
					success: true,
					data: result.data,
					metadata: {
						confidence: result.confidence,
						fieldConfidences: result.fieldConfidences,
						validation: result.validation,
						processingTime: Date.now() - started,
						document: {
							fileName: doc.fileName,
							mimeType,
							size: doc.bytes.length,
							savedToS3: saveToS3,
							customInstructions: form.get('customInstructions') ?? null,
						},
					},
				},
			};
		},
	);

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

	/** A file on a contact, as an upload stores it. */
	function storeFile(agentId, contactId, { fileName, mimeType, bytes }) {
		const file = {
			_id: newId(),
			contactId,
			fileName,
			mimeType,
			fileSize: bytes.length,
			createdAt: iso(),
			_agentId: agentId,
			_bytes: bytes,
			_seq: ++state.seq,
		};
		state.files.push(file);
		return file;
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
