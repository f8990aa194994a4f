import type { IDataObject } from 'n8n-workflow';

import { jsonObject } from '../../../fields/values';
import { outputFields, shaper } from '../../../fields/output';
import { defineOperation } from '../../../operations/define';
import { formAddress, statusOptions, submissionIdField, submissionStatus } from './fields';

export const update = defineOperation('form', {
	value: 'update',
	name: 'Update',
	action: 'Update a form submission',
	description:
		"Change a submission's form data, notes, review status (draft, submitted, under_review, approved, rejected, archived) or review notes",
	toolDescription:
		'Change a form submission of the A2V2 CRM by its submission ID: its form data, notes, review status (draft, submitted, under_review, approved, rejected, archived) or review notes. Returns the updated submission.',
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
		...outputFields('submission'),
	],
	execute: async (item) => {
		const changes = item.param<IDataObject>('updateFields', {});
		const body: IDataObject = {};
		if (changes.formData !== undefined)
			body.formData = jsonObject(item, 'Form Data (JSON)', changes.formData) as IDataObject;
		if (changes.status !== undefined) body.status = submissionStatus(item, changes.status);
		for (const key of ['submissionNotes', 'reviewNotes']) {
			if (changes[key] !== undefined) body[key] = changes[key];
		}
		const address = formAddress.submission(item);
		const shape = shaper('submission', item);
		return shape(await item.data<IDataObject>({ method: 'PUT', ...address, body }));
	},
});
