'use strict';
// The local server's contact files: uploads, the list, metadata, signed URLs, deletes.
const { HttpError, notFound, paginate, compareBy, checkSort, strip } = require('../common');
const crypto = require('node:crypto');

const FILE_SORT = ['createdAt', 'fileName', 'fileSize'];
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

module.exports = function files({ cfg, state, route, now, iso, newId, contacts, multipart }) {
	const { findContact } = contacts;
	const { readMultipart, filePart } = multipart;

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

	return { storeFile };
};
