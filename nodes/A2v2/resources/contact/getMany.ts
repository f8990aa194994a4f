import type { INodeProperties } from 'n8n-workflow';

import {
	asQueryParameter,
	defineOperation,
	filtersCollection,
	returnAllAndLimit,
	sortCollection,
} from '../../../shared/descriptions';
import { AGENT_TARGET, pathFrom } from '../../../shared/paths';
import {
	contactStatusFilter,
	contactTagFilter,
	simplifyContacts,
	simplifyField,
} from '../../../shared/contact';

export const getMany = defineOperation('contact', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many contacts',
	description:
		"List the agent's contacts (archived ones excluded), optionally filtered by text search, status or tag, and sorted",
	routing: {
		request: { method: 'GET' },
		send: { preSend: [pathFrom('/contacts/chatbots/{agentId}', {}, AGENT_TARGET)] },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [
		...returnAllAndLimit,
		filtersCollection(
			[
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					description: 'Text searched across the contact fields',
				} as INodeProperties,
				contactStatusFilter,
				contactTagFilter,
			].map(asQueryParameter),
		),
		sortCollection([
			{ name: 'Created At', value: 'createdAt' },
			{ name: 'First Name', value: 'firstName' },
			{ name: 'Last Name', value: 'lastName' },
			{ name: 'Primary Email', value: 'primaryEmail' },
			{ name: 'Updated At', value: 'updatedAt' },
		]),
		simplifyField,
	],
});
