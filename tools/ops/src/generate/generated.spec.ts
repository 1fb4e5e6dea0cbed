import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from '../support/workspace';
import { generatedFiles } from './outputs';

describe('generated operations files', () => {
  it.each(generatedFiles().map((f) => [relative(ROOT, f.path), f.content]))(
    '%s is current (regenerate with `npx nx run ops:generate`)',
    (path, content) => {
      expect(readFileSync(`${ROOT}/${path}`, 'utf8')).toBe(content);
    },
  );
});
