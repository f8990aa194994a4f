'use strict';
// What every part of the local A2V2 server shares: the error type, the envelope's pagination,
// sorting, field-type checks, and the body reader.
const PREFIX = '/v1/open';
const MiB = 1024 * 1024;
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

/** Multipart uploads up to the server's upload limit. */
function multipartReader(cfg) {
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

	return { readMultipart, filePart };
}

module.exports = {
	PREFIX,
	MiB,
	HttpError,
	badRequest,
	notFound,
	typeError,
	paginate,
	compareBy,
	checkSort,
	strip,
	readBody,
	multipartReader,
};
