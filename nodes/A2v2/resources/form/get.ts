import { addressFrom } from '../../../operations/address';
import { address } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { submissionIdField } from './fields';

export const get = defineOperation('form', {
	value: 'get',
	name: 'Get',
	action: 'Get a form submission',
	description: 'Get one form submission by its ID',
	toolDescription:
		'Get one form submission of the A2V2 CRM by its submission ID: its template, form data, status and notes.',
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				address(
					addressFrom(
						'/forms/submissions/{submission}/chatbots/{agentId}',
						{ submission: { parameter: 'submissionId', label: 'Submission ID' } },
						'form submission "{submission}"',
					),
				),
			],
		},
	},
	fields: [submissionIdField],
});
