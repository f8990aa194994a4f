import { AGENT_TARGET } from '../../../transport/url';
import { fixed, route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';

export const getTemplates = defineOperation('form', {
	value: 'getTemplates',
	name: 'Get Templates',
	action: 'Get the form templates',
	description:
		"List the agent's form templates (ID, name, description, active), one item per template",
	toolDescription:
		"List the form templates of the A2V2 CRM: each template's ID, name, description and whether it is active.",
	routing: route('GET', fixed('/forms/templates/chatbots/{agentId}', AGENT_TARGET)),
});
