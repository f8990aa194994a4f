'use strict';
// The local server's forms: templates, submissions (single and batch), supersession.
const {
	HttpError,
	badRequest,
	notFound,
	typeError,
	paginate,
	compareBy,
	strip,
} = require('../common');

const SUBMISSION_STATUSES = [
	'draft',
	'submitted',
	'under_review',
	'approved',
	'rejected',
	'archived',
];

module.exports = function forms({ cfg, state, route, iso, newId, contacts }) {
	const { findContact } = contacts;

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

	return { submitForm };
};
