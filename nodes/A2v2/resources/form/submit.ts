import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../operations/define';
import { pathParameter } from '../../../transport/url';
import {
	contactRefField,
	formDataFields,
	submissionBody,
	submissionOptions,
	templateLocator,
} from './fields';

export const submit = defineOperation('form', {
	value: 'submit',
	name: 'Submit',
	action: 'Submit a form for a contact',
	description:
		"Submit a form of a template for a contact (by external reference ID). A new submission supersedes the contact's earlier one of the same template.",
	toolDescription:
		"Submit a form of a template for a contact in the A2V2 CRM, by the template ID and the contact's external reference ID, with the form data keyed by the template's field keys. A new submission replaces the contact's earlier one of the same template. Returns the submission with its ID and status.",
	fields: [templateLocator, contactRefField, ...formDataFields, submissionOptions],
	execute: async (item) => {
		const body = submissionBody(item);
		const template = item.param<unknown>('template', '', { extractValue: true });
		const contact = item.param<unknown>('contactRef', '');
		return await item.data<IDataObject>({
			method: 'POST',
			path: `/forms/submit/${pathParameter(item.node, item.index, 'Template', template)}/contacts/${pathParameter(item.node, item.index, 'Contact External Reference ID', contact)}`,
			target: `form template "${String(template)}" or contact with external reference ID "${String(contact)}"`,
			body,
		});
	},
});
