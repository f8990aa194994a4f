'use strict';
// The local server's contacts: validation, the list with its filters, and the routes.
const {
	HttpError,
	badRequest,
	notFound,
	typeError,
	paginate,
	compareBy,
	checkSort,
	strip,
} = require('../common');
const seed = require('../seed');

const CONTACT_STATUSES = ['active', 'inactive', 'blocked'];
const CONTACT_SORT = ['createdAt', 'updatedAt', 'firstName', 'lastName', 'primaryEmail'];
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

module.exports = function contacts({ state, route, iso, newId }) {
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

	return { agentContacts, createContact, findContact };
};
