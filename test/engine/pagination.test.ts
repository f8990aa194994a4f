/**
 * Pagination: pages of 100 (or the Limit), every filter on every page, each record once, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runNode } from '../harness/engine';
import { AGENT, API, contact, credentials, setupNock } from './helpers';

setupNock();

describe('pagination', () => {
	const list = `/contacts/chatbots/${AGENT}`;
	const page = (n: number, count: number, hasNextPage: boolean) => ({
		success: true,
		data: Array.from({ length: count }, (_, i) =>
			contact(`65f1c0ffee0ddba11de${String(n).padStart(2, '0')}${String(i).padStart(3, '0')}`),
		),
		pagination: {
			currentPage: n,
			totalPages: 3,
			totalItems: 250,
			itemsPerPage: 100,
			hasNextPage,
			hasPreviousPage: n > 1,
		},
	});
	const filters = { search: 'ada', status: 'active', tag: 'VIP' };
	const sort = { sortBy: 'lastName', sortOrder: 'asc' };

	it('Return All pages with limit=100 and keeps every filter on every page', async () => {
		const scope = nock(API)
			.get(list)
			.query({ ...filters, ...sort, page: '1', limit: '100' })
			.reply(200, page(1, 100, true))
			.get(list)
			.query({ ...filters, ...sort, page: '2', limit: '100' })
			.reply(200, page(2, 100, true))
			.get(list)
			.query({ ...filters, ...sort, page: '3', limit: '100' })
			.reply(200, page(3, 50, false));
		const { error, items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters,
				sort,
				output: 'raw',
			},
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(250);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		scope.done();
	});

	/**
	 * A list of `total` records served as a real paged API does: page n of size `limit` is the
	 * records (n-1) x limit to n x limit - 1. A page size that changes in the middle of a listing
	 * returns some records twice and skips others.
	 */
	function pagedList(total: number) {
		const ids = Array.from(
			{ length: total },
			(_, i) => `65f1c0ffee0ddba11de${String(i).padStart(5, '0')}`,
		);
		const requests: Array<{ page: number; limit: number }> = [];
		nock(API)
			.persist()
			.get(list)
			.query(true)
			.reply((uri) => {
				const q = new URL(uri, API).searchParams;
				const pageNo = Number(q.get('page'));
				const limit = Number(q.get('limit'));
				requests.push({ page: pageNo, limit });
				const totalPages = Math.max(1, Math.ceil(total / limit));
				return [
					200,
					{
						success: true,
						data: ids.slice((pageNo - 1) * limit, pageNo * limit).map((id) => contact(id)),
						pagination: {
							currentPage: pageNo,
							totalPages,
							totalItems: total,
							itemsPerPage: limit,
							hasNextPage: pageNo < totalPages,
							hasPreviousPage: pageNo > 1,
						},
					},
				];
			});
		return { ids, requests };
	}

	it.each([150, 250, 1, 99, 101])(
		'Limit %i returns exactly the first records in order, in ceil(N/100) requests of one page size',
		async (limit) => {
			const { ids, requests } = pagedList(300);
			const { error, items } = await runNode({
				parameters: {
					resource: 'contact',
					operation: 'getAll',
					returnAll: false,
					limit,
					filters: { status: 'active' },
				},
				credentials,
			});
			nock.cleanAll();
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual(ids.slice(0, limit));
			expect(requests).toHaveLength(Math.ceil(limit / 100));
			expect(new Set(requests.map((r) => r.limit)).size).toBe(1);
		},
	);

	it('Return All over 250 records returns each record once, in order, in 3 requests', async () => {
		const { ids, requests } = pagedList(257);
		const { error, items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				output: 'simplified',
			},
			credentials,
		});
		nock.cleanAll();
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(requests).toEqual([1, 2, 3].map((page) => ({ page, limit: 100 })));
	});

	it('a small Limit is one request', async () => {
		const scope = nock(API)
			.get(list)
			.query({ page: '1', limit: '5' })
			.reply(200, page(1, 5, true));
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'getAll', limit: 5 },
			credentials,
		});
		expect(items).toHaveLength(5);
		scope.done();
	});
});
