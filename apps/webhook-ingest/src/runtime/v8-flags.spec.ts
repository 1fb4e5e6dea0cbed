import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyServiceV8Flags, SERVICE_V8_FLAGS } from './v8-flags';

describe('the service V8 flags', () => {
  it('turns allocation-site pretenuring off', () => {
    const set: string[] = [];
    applyServiceV8Flags((flag) => set.push(flag));
    expect(set).toEqual(['--no-allocation-site-pretenuring']);
    expect(SERVICE_V8_FLAGS).toContain('--no-allocation-site-pretenuring');
  });

  it('is what the entry point loads first, before the service builds its objects', () => {
    const main = readFileSync(join(__dirname, '..', 'main.ts'), 'utf8');
    const imports = main.split('\n').filter((line) => line.startsWith('import '));
    expect(imports[0]).toBe("import './runtime/v8-flags';");
  });
});
