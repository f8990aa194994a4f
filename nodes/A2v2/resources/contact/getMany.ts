import type { INodeProperties } from 'n8n-workflow';

import { asQueryParameter, filtersCollection, sortCollection } from '../../../fields/common';
import { contactStatusFilter, contactTagFilter } from '../../../fields/contact';
import { output, outputFields } from '../../../fields/output';
import { AGENT_TARGET } from '../../../transport/url';
import { fixed, route } from '../../../operations/declarative';
import { defineOperation, listFields } from '../../../operations/define';

export const getMany = defineOperation('contact', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many contacts',
	description:
		"List the agent's contacts (archived ones excluded), optionally filtered by text search, status or tag, and sorted",
	toolDescription:
		'Find contacts in the A2V2 CRM, newest first, optionally by a search text (matched by A2V2 across the contact fields), status or tag. Returns a list of contacts with their A2V2 ID, external reference ID, names, e-mail, phone, status and tags (at most Max Results of them).',
	routing: route('GET', fixed('/contacts/chatbots/{agentId}', AGENT_TARGET), output('contact')),
	fields: [
		...listFields,
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
		...outputFields('contact'),
	],
});
