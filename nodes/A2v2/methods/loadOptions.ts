import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { contactOutputOptions } from '../../fields/output';
import { a2v2Data } from '../../transport/request';
import { contactSchemaFields, forEditor } from './schemaFields';

/** Options lists the editor loads from A2V2. */
export const loadOptions = {
	/** The API's example extraction schemas; an option's value is the schema itself. */
	async getSchemaExamples(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await forEditor(this, async () => {
			const examples = ((await a2v2Data.call(this, {
				method: 'GET',
				path: '/document-extraction/schema-examples',
			})) ?? []) as Array<{ name?: string; description?: string; schema?: IDataObject }>;
			return examples.map((e) => ({
				name: e.name ?? 'example',
				value: JSON.stringify(e.schema ?? {}),
				description: e.description,
			}));
		});
	},
	/** A contact's fields for Output → Selected Fields: the standard ones and the agent's own. */
	async getContactOutputFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await forEditor(this, async () =>
			contactOutputOptions(await contactSchemaFields.call(this)),
		);
	},
};
