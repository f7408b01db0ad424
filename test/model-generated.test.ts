import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getModel } from '../src/core/model/model-registry.js';
import { generateAll, GENERATORS } from '../scripts/generators/index.js';
import { BANNER, type Generator } from '../scripts/generators/generator.js';
import { runGenerators } from '../scripts/generators/run-generators.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('generated code', () => {
  it('is fresh (npm run check:generated)', async () => {
    const result = await generateAll(root, { check: true });
    expect({ changed: result.changed, deleted: result.deleted }).toEqual({ changed: [], deleted: [] });
    expect(result.unchanged).toContain('docs/model.md');
    expect(result.unchanged).toContain('src/generated/model/index.ts');
  });

  it('is deterministic: two runs produce identical files', async () => {
    const context = { root, model: getModel(), schemasDir: path.join(root, 'schemas') };
    for (const generator of GENERATORS) {
      expect(await generator.generate(context)).toEqual(await generator.generate(context));
    }
  });

  it('covers every entity, with banner and input checksum', () => {
    for (const entity of getModel().entities) {
      const file = path.join(root, 'src/generated/model', `${entity.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(`// ${BANNER}\n// inputs-sha256: `)).toBe(true);
      expect(text).toContain(`export interface ${entity.name.charAt(0).toUpperCase()}${entity.name.slice(1)} {`);
    }
    const docs = readFileSync(path.join(root, 'docs/model.md'), 'utf8');
    for (const entity of getModel().entities) expect(docs).toContain(`## ${entity.name}\n`);
    expect(docs).toContain('| `skos.budgetLineType` |');
  });
});

describe('generator runner', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'cb-gen-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const context = { root: temp, model: getModel(), schemasDir: path.join(temp, 'schemas') };
  let content = `// ${BANNER}\nexport const a = 1;\n`;
  const fake: Generator = { name: 'fake', ownedDirs: ['out'], generate: async () => [{ path: 'out/a.ts', content }] };

  it('writes missing files, leaves unchanged files alone, deletes only stale banner files', async () => {
    mkdirSync(path.join(temp, 'out'), { recursive: true });
    writeFileSync(path.join(temp, 'out/stale.ts'), `// ${BANNER}\nexport const old = 1;\n`);
    writeFileSync(path.join(temp, 'out/hand-written.ts'), 'export const mine = 1;\n');

    expect(await runGenerators([fake], context, { check: true })).toEqual({ changed: ['out/a.ts'], deleted: ['out/stale.ts'], unchanged: [] });
    expect(existsSync(path.join(temp, 'out/a.ts'))).toBe(false); // check mode writes nothing
    expect(existsSync(path.join(temp, 'out/stale.ts'))).toBe(true);

    expect(await runGenerators([fake], context, { check: false })).toEqual({ changed: ['out/a.ts'], deleted: ['out/stale.ts'], unchanged: [] });
    expect(existsSync(path.join(temp, 'out/stale.ts'))).toBe(false);
    expect(existsSync(path.join(temp, 'out/hand-written.ts'))).toBe(true);

    const before = statSync(path.join(temp, 'out/a.ts')).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runGenerators([fake], context, { check: false })).toEqual({ changed: [], deleted: [], unchanged: ['out/a.ts'] });
    expect(statSync(path.join(temp, 'out/a.ts')).mtimeMs).toBe(before);

    content = `// ${BANNER}\nexport const a = 2;\n`;
    expect((await runGenerators([fake], context, { check: true })).changed).toEqual(['out/a.ts']);
  });
});
