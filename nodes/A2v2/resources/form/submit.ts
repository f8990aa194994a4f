import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { contactRefField, formData, formDataFields, templateLocator } from './shared';

/** Options of a submission, shared by Submit and Submit Many. */
export const submissionOptions = {
	displayName: 'Options',
	name: 'submitOptions',
	type: 'collection' as const,
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string' as const,
			default: '',
			description: 'Your own ID for this submission',
		},
		{
			displayName: 'Submission Notes',
			name: 'submissionNotes',
			type: 'string' as const,
			typeOptions: { rows: 2 },
			default: '',
		},
	],
};

/** The body of one submission. */
export function submissionBody(
	get: (name: string, fallback: unknown) => unknown,
	data: IDataObject,
): IDataObject {
	const options = get('submitOptions', {}) as IDataObject;
	const body: IDataObject = { formData: data };
	if (String(options.submissionNotes ?? '').trim())
		body.submissionNotes = String(options.submissionNotes).trim();
	if (String(options.clientId ?? '').trim()) body.clientId = String(options.clientId).trim();
	return body;
}

const toSubmitPath = pathFrom(
	'/forms/submit/{template}/contacts/{contact}',
	{
		template: { parameter: 'template', label: 'Template' },
		contact: { parameter: 'contactRef', label: 'Contact External Reference ID' },
	},
	'form template "{template}" or contact with external reference ID "{contact}"',
);

async function sendSubmission(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	const get = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
	options.body = submissionBody(
		get,
		formData(this.getNode(), this.getItemIndex(), get, this.getInputData().json),
	);
	return await toSubmitPath.call(this, options);
}

export const submit = defineOperation('form', {
	value: 'submit',
	name: 'Submit',
	action: 'Submit a form for a contact',
	description:
		"Submit a form of a template for a contact (by external reference ID). A new submission supersedes the contact's earlier one of the same template.",
	routing: {
		request: { method: 'POST' },
		send: { preSend: [sendSubmission] },
	},
	fields: [templateLocator, contactRefField, ...formDataFields, submissionOptions],
});
