import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { a2v2Data } from '../../transport/request';
import { pathSegment } from '../../transport/url';
import {
	contactMapperFields,
	contactSchemaFields,
	forEditor,
	toMapperFields,
	type SchemaField,
} from './schemaFields';

/** The resource mappers' fields, loaded live from the API's schema endpoints. */
export const resourceMapping = {
	/** The fields of the chosen form template; reloaded when the template changes. */
	async getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return await forEditor(this, async () => {
			const template = String(
				this.getNodeParameter('template', '', { extractValue: true }) ?? '',
			).trim();
			if (!template) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
			const data = (await a2v2Data.call(this, {
				method: 'GET',
				path: `/forms/templates/${pathSegment(template, 'The template ID')}/schema/chatbots/{agentId}`,
				target: `form template "${template}"`,
			})) as { fields?: SchemaField[] } | undefined;
			return { fields: toMapperFields(data?.fields ?? []) };
		});
	},
	/** The agent's contact fields, for Create (required marks as the schema says). */
	async getContactFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return await forEditor(this, async () =>
			contactMapperFields(await contactSchemaFields.call(this), true),
		);
	},
	/** The same fields for Update, where nothing is required. */
	async getContactFieldsForUpdate(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return await forEditor(this, async () =>
			contactMapperFields(await contactSchemaFields.call(this), false),
		);
	},
};
