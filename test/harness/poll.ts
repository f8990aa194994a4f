/** The trigger's poll as n8n's poll executor runs it (PollContext), static data kept between polls. */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { additionalDataFor, type CredentialData } from './credentials';
import { loadedTypes, makeNode, nodeTypes, TRIGGER_TYPE, type Parameters } from './nodeTypes';

export interface PollHarness {
	/** Runs one poll as n8n's poll executor does; returns the emitted items (or null). */
	poll(mode?: 'trigger' | 'manual'): Promise<INodeExecutionData[] | null>;
	/** The node's static data as n8n would have saved it (committed only after a successful poll). */
	staticData: IDataObject;
}

/** A trigger node whose poll can be run repeatedly, keeping static data between polls like n8n. */
export function pollHarness(options: {
	parameters: Parameters;
	credentials: CredentialData;
}): PollHarness {
	const node = makeNode(TRIGGER_TYPE, options.parameters as INodeParameters, {
		name: 'A2V2 Trigger',
	});
	const harness: PollHarness = {
		staticData: {},
		async poll(mode = 'trigger') {
			const workflow = new Workflow({
				id: 'poll-workflow',
				nodes: [node],
				connections: {},
				active: mode === 'trigger',
				nodeTypes,
				staticData: { [`node:${node.name}`]: JSON.parse(JSON.stringify(harness.staticData)) },
			});
			const context = new PollContext(
				workflow,
				workflow.getNode(node.name) as INode,
				additionalDataFor(options.credentials),
				mode,
				'activate',
			);
			const type = loadedTypes[TRIGGER_TYPE];
			if (!type?.poll) throw new Error('the trigger node has no poll');
			const result = await type.poll.call(context);
			// n8n saves the static data only when the poll succeeded.
			harness.staticData = JSON.parse(
				JSON.stringify(workflow.getStaticData('node', workflow.getNode(node.name) as INode)),
			);
			return result ? (result[0] as INodeExecutionData[]) : null;
		},
	};
	return harness;
}
