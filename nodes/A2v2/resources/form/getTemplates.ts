import { defineOperation } from '../../../shared/descriptions';

export const getTemplates = defineOperation('form', {
	value: 'getTemplates',
	name: 'Get Templates',
	action: 'Get the form templates',
	description:
		"List the agent's form templates (ID, name, description, active), one item per template",
	routing: { request: { method: 'GET', url: '/forms/templates/chatbots/{agentId}' } },
});
