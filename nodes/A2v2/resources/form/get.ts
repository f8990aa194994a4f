import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { submissionIdField, formAddress } from './fields';

export const get = defineOperation('form', {
	value: 'get',
	name: 'Get',
	action: 'Get a form submission',
	description: 'Get one form submission by its ID',
	toolDescription:
		'Get one form submission of the A2V2 CRM by its submission ID: its template, form data, status and notes.',
	routing: route('GET', formAddress.submission, output('submission')),
	fields: [submissionIdField, ...outputFields('submission')],
});
