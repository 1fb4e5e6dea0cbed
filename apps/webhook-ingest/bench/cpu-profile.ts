import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
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
    .replace(/.*\/(apps|libs|dist)\//, '$1/');
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
const nameOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();

/** Native time (socket writes, builtins) is charged to the nearest caller with a source. */
function callerOf(node: ProfileNode, parents: Map<number, ProfileNode>): string {
  for (let at = parents.get(node.id); at; at = parents.get(at.id))
    if (at.callFrame.url) return `${node.callFrame.functionName} < ${nameOf(at)}`;
  return nameOf(node);
}

/** Self time of a V8 CPU profile from `fromMs` on (after boot), by package and by function. */
export function summariseProfile(file: string, fromMs: number, top = 12): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const nativeByCaller = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, delta: number) =>
    map.set(key, (map.get(key) ?? 0) + delta);
  let elapsed = 0;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsed += delta;
    if (elapsed < fromMs * 1000) return;
    const node = nodes.get(id);
    if (!node) return;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') return;
    total += delta;
    add(byPackage, packageOf(url), delta);
    add(byFunction, nameOf(node), delta);
    if (!url && functionName && !functionName.startsWith('('))
      add(nativeByCaller, callerOf(node, parents), delta);
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return [
    `busy CPU ${(total / 1e6).toFixed(1)} s`,
    `self time by package:\n${list(byPackage)}`,
    `self time by function:\n${list(byFunction)}`,
    `native self time by calling function:\n${list(nativeByCaller)}`,
  ].join('\n');
}
