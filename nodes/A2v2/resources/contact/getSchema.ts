import type { IDataObject } from 'n8n-workflow';

import { CONTACT_SCHEMA_TARGET } from '../../../transport/url';
import { fixed, route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';

export const getSchema = defineOperation('contact', {
	value: 'getSchema',
	name: 'Get Schema',
	action: 'Get the contact schema',
	description:
		'List the contact fields this agent accepts (key, label, type, required, options, custom), one item per field',
	toolDescription:
		"List the contact fields of the A2V2 CRM: each field's key, label, type, whether it is required, its options, and whether it is a custom field. Use the keys when creating or updating contacts.",
	// One item per field of the schema.
	routing: route(
		'GET',
		fixed('/contacts/schema/chatbots/{agentId}', CONTACT_SCHEMA_TARGET),
		(items) =>
			items.flatMap((out) =>
				((out.json.fields as IDataObject[] | undefined) ?? []).map((field) => ({ json: field })),
			),
	),
});
