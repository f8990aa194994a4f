import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { submissionIdField } from './shared';

export const get = defineOperation('form', {
	value: 'get',
	name: 'Get',
	action: 'Get a form submission',
	description: 'Get one form submission by its ID',
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				pathFrom(
					'/forms/submissions/{submission}/chatbots/{agentId}',
					{ submission: { parameter: 'submissionId', label: 'Submission ID' } },
					'form submission "{submission}"',
				),
			],
		},
	},
	fields: [submissionIdField],
});
