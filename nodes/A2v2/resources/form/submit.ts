import type { IDataObject } from 'n8n-workflow';

import { outputFields, shaper } from '../../../fields/output';
import { defineOperation } from '../../../operations/define';
import { formAddress, submissionBody, submissionFields } from './fields';

export const submit = defineOperation('form', {
	value: 'submit',
	name: 'Submit',
	action: 'Submit a form for a contact',
	description:
		"Submit a form of a template for a contact (by external reference ID). A new submission supersedes the contact's earlier one of the same template.",
	toolDescription:
		"Submit a form of a template for a contact in the A2V2 CRM, by the template ID and the contact's external reference ID, with the form data keyed by the template's field keys. A new submission replaces the contact's earlier one of the same template. Returns the submission with its ID and status.",
	fields: [...submissionFields, ...outputFields('submission')],
	execute: async (item) => {
		// The body first: bad form data is named before a bad identifier.
		const body = submissionBody(item);
		const address = formAddress.submit(item);
		const shape = shaper('submission', item);
		return shape(await item.data<IDataObject>({ method: 'POST', body, ...address }));
	},
});
