import type { INodeProperties } from 'n8n-workflow';

import type { Address } from '../transport/url';
import type { Item } from '../operations/item';
import { inputError } from '../transport/errors';
import { isBlankValue, pathParameter } from '../transport/url';

/** Contacts: the fields that choose and filter them, and their simplified output. */

const CONTACT_ID_LENGTH = 24;

export const CONTACT_STATUSES = ['active', 'inactive', 'blocked'];

/** Contact filters shared by Get Many and the trigger. */
export const contactStatusFilter: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: CONTACT_STATUSES.map((s) => ({ name: s[0].toUpperCase() + s.slice(1), value: s })),
	default: 'active',
};

export const contactTagFilter: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'string',
	default: '',
	description: 'Only contacts with this tag',
};

/** The contact an operation acts on: from a searchable list, by external reference ID or A2V2 ID. */
export const contactLocator: INodeProperties = {
	displayName: 'Contact',
	name: 'contact',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The contact, chosen from the list, by your external reference ID, or by its A2V2 ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchContacts', searchable: true },
		},
		{
			displayName: 'By External Reference ID',
			name: 'externalReferenceId',
			type: 'string',
			placeholder: 'e.g. USER_12345',
			hint: "Your own system's ID for the contact",
		},
		{
			displayName: 'By A2V2 ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 65f1c0ffee0ddba11deadbee',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `^[0-9a-fA-F]{${CONTACT_ID_LENGTH}}$`,
						errorMessage: `Contact (By A2V2 ID): an A2V2 contact ID has ${CONTACT_ID_LENGTH} hexadecimal characters`,
					},
				},
			],
		},
	],
};

export interface ContactRef {
	mode: string;
	value: unknown;
}

/** A contact chosen with the Contact locator, as a request addresses it. */
export interface ContactAddress extends Address {
	/** The A2V2 ID, as a path segment, when the contact was given by it (list or A2V2 ID). */
	a2v2Id?: string;
}

/**
 * The address of the contact chosen with an item's Contact locator (list and A2V2 ID use
 * `/contacts/mantisid/...`), its identifier encoded as one path segment and checked before any
 * request.
 */
export function contactAddress(item: Item, suffix = ''): ContactAddress {
	const ref = item.param<ContactRef>('contact', { mode: 'list', value: '' });
	if (ref.mode === 'externalReferenceId') {
		const segment = pathParameter(
			item.node,
			item.index,
			'Contact (By External Reference ID)',
			ref.value,
		);
		return {
			path: `/contacts/${segment}/chatbots/{agentId}${suffix}`,
			target: `contact with external reference ID "${String(ref.value)}"`,
		};
	}
	const label = ref.mode === 'list' ? 'Contact (From List)' : 'Contact (By A2V2 ID)';
	if (isBlankValue(ref.value)) throw inputError(item.node, item.index, label, 'is empty');
	const value = String(ref.value);
	if (!new RegExp(`^[0-9a-fA-F]{${CONTACT_ID_LENGTH}}$`).test(value)) {
		const spaces = value.trim() !== value ? ', with spaces around it' : '';
		throw inputError(
			item.node,
			item.index,
			label,
			`"${value}" is not an A2V2 contact ID (${CONTACT_ID_LENGTH} hexadecimal characters; this has ${value.length}${spaces})`,
		);
	}
	return {
		path: `/contacts/mantisid/${value}/chatbots/{agentId}${suffix}`,
		target: `contact with A2V2 ID "${value}"`,
		a2v2Id: value,
	};
}

/** Mapper ids of custom contact fields carry this prefix; the body builder nests them. */
export const CUSTOM_FIELD_PREFIX = 'customFields.';
