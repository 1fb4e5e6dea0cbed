import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const shortUrl = (url: string) =>
  url
    .replace(/.*node_modules\//, '')
    .replace(/^file:\/\//, '')
    .replace(/.*\/(apps|libs)\//, '$1/');
const packageOf = (url: string) =>
  !url
    ? '(native or generated)'
    : url.includes('node_modules/')
      ? shortUrl(url)
          .split('/')
          .slice(0, shortUrl(url).startsWith('@') ? 2 : 1)
          .join('/')
      : url.startsWith('node:')
        ? 'node core'
        : shortUrl(url);

/** Self time of a V8 CPU profile from `fromMs` on (after boot), by package and by function. */
export function summariseProfile(file: string, fromMs: number, top = 12): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let elapsed = 0;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsed += delta;
    if (elapsed < fromMs * 1000) return;
    const node = nodes.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    total += delta;
    const pkg = packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    const name =
      `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `busy CPU ${(total / 1e6).toFixed(1)} s\nself time by package:\n${list(byPackage)}\nself time by function:\n${list(byFunction)}`;
}
