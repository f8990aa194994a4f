/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n. */
/**
 * The rules of docs/architecture.md that code can break without a test noticing: what each part
 * of the package may import, that nothing outside test/ imports test/, and the sizes of files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

function filesBelow(dir: string, ending: RegExp): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(join(ROOT, path)).isDirectory()) return filesBelow(path, ending);
		return ending.test(name) ? [path] : [];
	});
}

/** The project-relative folders a file imports from (relative imports only). */
function importsOf(file: string): string[] {
	const text = readFileSync(join(ROOT, file), 'utf8');
	const found = [...text.matchAll(/(?:from |require\()'(\.[^']+)'/g)].map((m) =>
		relative(ROOT, resolve(ROOT, dirname(file), m[1])),
	);
	return found;
}

/** The part of `nodes/` a path belongs to, as the architecture's table names it. */
function partOf(path: string): string {
	const [top, second, third, fourth] = path.split('/');
	if (top === 'credentials') return 'credentials';
	if (top !== 'nodes') return top;
	if (second === 'A2v2' && third === 'resources') return `resources/${fourth}`;
	if (second === 'A2v2' && third === 'methods') return 'methods';
	if (second === 'A2v2') return 'node';
	if (second === 'A2v2Trigger') return 'trigger';
	return second;
}

const MAY_IMPORT: Record<string, (part: string, self: string) => boolean> = {
	transport: (part) => part === 'transport',
	operations: (part) => ['operations', 'transport'].includes(part),
	fields: (part) => ['fields', 'operations', 'transport'].includes(part),
	methods: (part) => ['methods', 'fields', 'transport'].includes(part),
	trigger: (part) => ['trigger', 'fields', 'transport'].includes(part),
	node: () => true,
	credentials: (part) => part === 'credentials',
};

it('each part of nodes/ imports only what docs/architecture.md allows it', () => {
	const broken: string[] = [];
	for (const file of [...filesBelow('nodes', /\.ts$/), ...filesBelow('credentials', /\.ts$/)]) {
		const self = partOf(file);
		const allowed = self.startsWith('resources/')
			? (part: string) => part === self || ['operations', 'fields', 'transport'].includes(part)
			: MAY_IMPORT[self];
		for (const target of importsOf(file)) {
			if (!allowed(partOf(target), self)) broken.push(`${file} imports ${target}`);
		}
	}
	expect(broken).toEqual([]);
});

it('nothing outside test/ imports test/, and local-server/ and scripts/ do not import nodes/', () => {
	const broken: string[] = [];
	const code = /\.(ts|js)$/;
	for (const top of ['nodes', 'credentials', 'scripts', 'local-server']) {
		for (const file of filesBelow(top, code)) {
			for (const target of importsOf(file)) {
				if (target.startsWith('test/')) broken.push(`${file} imports ${target}`);
				if (top !== 'nodes' && top !== 'credentials' && target.startsWith('nodes/'))
					broken.push(`${file} imports ${target}`);
			}
		}
	}
	expect(broken).toEqual([]);
});

it('no file of nodes/, credentials/ or scripts/ is over 350 lines, no test file over 450', () => {
	const lines = (file: string) => readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;
	const code = /\.(ts|js)$/;
	const tooLong = [
		...['nodes', 'credentials', 'scripts']
			.flatMap((top) => filesBelow(top, code))
			.filter((file) => lines(file) > 350),
		...filesBelow('test', code).filter((file) => lines(file) > 450),
	];
	expect(tooLong).toEqual([]);
});
