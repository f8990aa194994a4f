/** n8n's REST API as its editor uses it, for what the e2e tests check without a browser. */

/** Signs in (setting the owner up first on an n8n 1.x that has none); returns the headers to use. */
export async function signIn(url: string, owner: { email: string; password: string }) {
	// n8n ends a session whose requests lack the browser ID it was opened with.
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'browser-id': `e2e-${Date.now()}`,
	};
	const body = JSON.stringify({
		emailOrLdapLoginId: owner.email,
		email: owner.email,
		password: owner.password,
	});
	let answer = await fetch(`${url}/rest/login`, { method: 'POST', headers, body });
	if (!answer.ok) {
		// n8n 1.x has no owner made from the environment: set it up as its first screen does.
		answer = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				email: owner.email,
				password: owner.password,
				firstName: 'A2V2',
				lastName: 'E2E',
			}),
		});
	}
	if (!answer.ok)
		throw new Error(`could not sign in to n8n: ${answer.status} ${await answer.text()}`);
	return { ...headers, cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0] };
}

/** What the credential's Test button answers for a stored credential (its ID) with these data. */
export async function testCredential(
	url: string,
	headers: Record<string, string>,
	id: string,
	data: object,
) {
	const answer = await fetch(`${url}/rest/credentials/test`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ credentials: { id, name: id, type: 'a2v2Api', data } }),
	});
	const text = await answer.text();
	const result = (JSON.parse(text) as { data?: { status: string; message: string } }).data;
	if (!result)
		throw new Error(`the credential test did not answer: ${answer.status} ${text.slice(0, 300)}`);
	return result;
}

/**
 * A polling trigger's Poll Times for every 5 s: twelve entries at fixed seconds (n8n refuses one
 * entry that polls more often than every minute).
 */
export const everyFiveSeconds = () => ({
	item: Array.from({ length: 12 }, (_, i) => ({
		mode: 'custom',
		cronExpression: `${i * 5} * * * * *`,
	})),
});
