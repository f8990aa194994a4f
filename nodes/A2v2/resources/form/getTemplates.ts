import { defineOperation } from '../../../shared/descriptions';
import { AGENT_TARGET, pathFrom } from '../../../shared/paths';

export const getTemplates = defineOperation('form', {
	value: 'getTemplates',
	name: 'Get Templates',
	action: 'Get the form templates',
	description:
		"List the agent's form templates (ID, name, description, active), one item per template",
	routing: {
		request: { method: 'GET' },
		send: { preSend: [pathFrom('/forms/templates/chatbots/{agentId}', {}, AGENT_TARGET)] },
	},
});
