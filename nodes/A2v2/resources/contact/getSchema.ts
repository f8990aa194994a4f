import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { CONTACT_SCHEMA_TARGET, pathFrom } from '../../../shared/paths';

/** One item per field of the schema. */
async function splitFields(items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.flatMap((item) =>
		((item.json.fields as IDataObject[] | undefined) ?? []).map((field) => ({ json: field })),
	);
}

export const getSchema = defineOperation('contact', {
	value: 'getSchema',
	name: 'Get Schema',
	action: 'Get the contact schema',
	description:
		'List the contact fields this agent accepts (key, label, type, required, options, custom), one item per field',
	routing: {
		request: { method: 'GET' },
		send: { preSend: [pathFrom('/contacts/schema/chatbots/{agentId}', {}, CONTACT_SCHEMA_TARGET)] },
		output: { postReceive: [splitFields] },
	},
});
