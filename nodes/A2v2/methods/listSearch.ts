import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { AGENT_TARGET, PAGE_SIZE } from '../../transport/url';
import { a2v2Data, a2v2Request } from '../../transport/request';
import { forEditor } from './schemaFields';

/** The searchable lists of the resource locators (From List). */
export const listSearch = {
	/** The agent's form templates, filtered by name. */
	async searchTemplates(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		return await forEditor(this, async () => {
			const templates = ((await a2v2Data.call(this, {
				method: 'GET',
				path: '/forms/templates/chatbots/{agentId}',
				target: AGENT_TARGET,
			})) ?? []) as Array<{ _id?: string; name?: string; isActive?: boolean }>;
			const wanted = (filter ?? '').trim().toLowerCase();
			return {
				results: templates
					.filter(
						(t) =>
							!wanted ||
							String(t.name ?? '')
								.toLowerCase()
								.includes(wanted),
					)
					.map((t) => ({
						name: `${t.name ?? t._id}${t.isActive === false ? ' (inactive)' : ''}`,
						value: String(t._id),
					})),
			};
		});
	},
	/** Contacts for the Contact locator, searched by the API's own text search. */
	async searchContacts(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await forEditor(this, async () => {
			const page = Number(paginationToken) || 1;
			const qs: IDataObject = { page, limit: PAGE_SIZE, sortBy: 'updatedAt', sortOrder: 'desc' };
			if (filter) qs.search = filter;
			const response = await a2v2Request.call(this, {
				method: 'GET',
				path: '/contacts/chatbots/{agentId}',
				target: AGENT_TARGET,
				qs,
			});
			const body = response.body as {
				data?: IDataObject[];
				pagination?: { hasNextPage?: boolean };
			};
			const results = (body.data ?? []).map((c) => {
				const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
				const label = [name, c.primaryEmail ? `<${String(c.primaryEmail)}>` : '']
					.filter(Boolean)
					.join(' ');
				return { name: label || String(c.externalReferenceId ?? c._id), value: String(c._id) };
			});
			return {
				results,
				paginationToken: body.pagination?.hasNextPage ? String(page + 1) : undefined,
			};
		});
	},
};
