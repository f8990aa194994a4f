import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { jsonObject } from '../../../shared/validation';
import { statusOptions, submissionIdField, submissionStatus } from './shared';

const toSubmission = pathFrom(
	'/forms/submissions/{submission}/chatbots/{agentId}',
	{
		submission: { parameter: 'submissionId', label: 'Submission ID' },
	},
	'form submission "{submission}"',
);

async function sendChanges(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const changes = this.getNodeParameter('updateFields', {}) as IDataObject;
	const body: IDataObject = {};
	if (changes.formData !== undefined)
		body.formData = jsonObject(
			node,
			itemIndex,
			'Form Data (JSON)',
			changes.formData,
		) as IDataObject;
	if (changes.status !== undefined) body.status = submissionStatus(node, itemIndex, changes.status);
	for (const key of ['submissionNotes', 'reviewNotes']) {
		if (changes[key] !== undefined) body[key] = changes[key];
	}
	options.body = body;
	return await toSubmission.call(this, options);
}

export const update = defineOperation('form', {
	value: 'update',
	name: 'Update',
	action: 'Update a form submission',
	description:
		"Change a submission's form data, notes, review status (draft, submitted, under_review, approved, rejected, archived) or review notes",
	routing: {
		request: { method: 'PUT' },
		send: { preSend: [sendChanges] },
	},
	fields: [
		submissionIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Form Data (JSON)',
					name: 'formData',
					type: 'json',
					default: '{}',
					description: "The fields to change, keyed by the template's field keys",
				},
				{
					displayName: 'Review Notes',
					name: 'reviewNotes',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: statusOptions,
					default: 'under_review',
				},
				{
					displayName: 'Submission Notes',
					name: 'submissionNotes',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
				},
			],
		},
	],
});
