import { defineOperation, returnAllAndLimit } from '../../../shared/descriptions';
import { CONTACT_STATUSES } from './body';
import { simplifyContacts, simplifyField } from './shared';

export const getMany = defineOperation('contact', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many contacts',
	description:
		'List the agent\'s contacts (archived ones excluded), optionally filtered by text search, status or tag, and sorted',
	routing: {
		request: { method: 'GET', url: '/contacts/chatbots/{agentId}' },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [
		...returnAllAndLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					description: 'Text searched across the contact fields',
					routing: { send: { type: 'query', property: 'search' } },
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: CONTACT_STATUSES.map((s) => ({ name: s[0].toUpperCase() + s.slice(1), value: s })),
					default: 'active',
					routing: { send: { type: 'query', property: 'status' } },
				},
				{
					displayName: 'Tag',
					name: 'tag',
					type: 'string',
					default: '',
					description: 'Only contacts with this tag',
					routing: { send: { type: 'query', property: 'tag' } },
				},
			],
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'collection',
			placeholder: 'Add Sort Option',
			default: {},
			options: [
				{
					displayName: 'Sort By',
					name: 'sortBy',
					type: 'options',
					options: [
						{ name: 'Created At', value: 'createdAt' },
						{ name: 'First Name', value: 'firstName' },
						{ name: 'Last Name', value: 'lastName' },
						{ name: 'Primary Email', value: 'primaryEmail' },
						{ name: 'Updated At', value: 'updatedAt' },
					],
					default: 'createdAt',
					routing: { send: { type: 'query', property: 'sortBy' } },
				},
				{
					displayName: 'Sort Order',
					name: 'sortOrder',
					type: 'options',
					options: [
						{ name: 'Ascending', value: 'asc' },
						{ name: 'Descending', value: 'desc' },
					],
					default: 'desc',
					routing: { send: { type: 'query', property: 'sortOrder' } },
				},
			],
		},
		simplifyField,
	],
});
