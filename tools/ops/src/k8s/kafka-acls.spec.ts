import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopics, Topics } from '@sleep/contracts';
import { REPLICA_GROUP_PREFIXES, serviceAcls } from '@sleep/messaging';
import { APPS, ROOT, type AppName } from '../support/workspace';

/** The source of an app, tests left out: what runs in its pods. */
function sourceOf(app: AppName): { file: string; text: string }[] {
  return globSync('**/*.ts', { cwd: join(ROOT, 'apps', app, 'src') })
    .filter((file) => !/\.spec\.ts$|(^|\/)testing\//.test(file))
    .map((file) => ({ file, text: readFileSync(join(ROOT, 'apps', app, 'src', file), 'utf8') }));
}

/**
 * The default of one of the app's configurable consumer group ids (SESSION_GROUP_ID,
 * ANALYTICS_GROUP_ID, the gateway's CHANGE_LEDGER_GROUP); the first `_GROUP_ID` when unnamed.
 */
function defaultGroupId(app: AppName, name = '[A-Z_]+_GROUP_ID'): string | undefined {
  const config = readFileSync(join(ROOT, 'apps', app, 'src', 'config.ts'), 'utf8');
  return config.match(new RegExp(`${name}: envString\\('([^']+)'\\)`))?.[1];
}

/**
 * What a `groupId:` expression starts with: a replica-group prefix, the configured group id, or
 * the literal text before its first interpolation.
 */
function groupStart(app: AppName, line: string, fileText: string): string {
  // A helper such as the gateway's instanceGroup() names the prefix elsewhere in its file.
  const prefix = (line.match(/REPLICA_GROUP_PREFIXES\.(\w+)/) ??
    fileText.match(/REPLICA_GROUP_PREFIXES\.(\w+)/))?.[1];
  if (/REPLICA_GROUP_PREFIXES\.\w+|instanceGroup\(/.test(line) && prefix)
    return REPLICA_GROUP_PREFIXES[prefix as keyof typeof REPLICA_GROUP_PREFIXES];
  const configured = line.match(/config\.([A-Z_]+_GROUP(?:_ID)?)\b/)?.[1];
  if (configured) return defaultGroupId(app, configured) ?? '(no default)';
  if (/settings\.groupId|_GROUP_ID/.test(line)) return defaultGroupId(app) ?? '(no default)';
  return line.match(/groupId:\s*[`'"]([^`'"$]*)/)?.[1] ?? `(unresolved: ${line.trim()})`;
}

const acls = serviceAcls();
const topicNames = new Map(Object.entries(Topics).map(([key, topic]) => [key, topic.name]));

describe.each(APPS)('the Kafka ACLs of %s', (app) => {
  const source = sourceOf(app);

  it('cover every topic its code names', () => {
    const named = new Set(
      source.flatMap(({ text }) =>
        [...text.matchAll(/\bTopics\.(\w+)/g)].map((m) => topicNames.get(m[1])!),
      ),
    );
    const granted = new Set([...acls[app].reads, ...acls[app].writes]);
    expect([...named].filter((topic) => !granted.has(topic))).toEqual([]);
    // Each topic it reads and dead-letters: the DLQ is granted too (gateway only skips).
    if (app !== 'gateway')
      for (const topic of acls[app].reads) {
        const dlq = allTopics.find((t) => t.name === topic)?.dlq;
        if (dlq)
          expect({ topic, dlq: acls[app].writes.includes(dlq) }).toEqual({ topic, dlq: true });
      }
  });

  it('cover every consumer group it joins', () => {
    const groups = source.flatMap(({ file, text }) =>
      text
        .split('\n')
        .filter((line) => /\bgroupId:/.test(line) && !/groupId: string/.test(line))
        .map((line) => ({ file, start: groupStart(app, line, text) })),
    );
    for (const { file, start } of groups)
      expect({
        file,
        start,
        granted: acls[app].groupPrefixes.some((p) => start.startsWith(p)),
      }).toEqual({ file, start, granted: true });
  });
});
