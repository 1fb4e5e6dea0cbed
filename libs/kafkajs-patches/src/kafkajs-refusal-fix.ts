/** Marks the patched class, so the method is wrapped once per kafkajs instance. */
const PATCHED = Symbol.for('sleep-platform.kafkajs-refusal-fix');

/** Broker answers that no other broker and no retry will change. */
const REFUSALS = new Set([
  'GROUP_AUTHORIZATION_FAILED',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

type BrokerCallback = (args: { nodeId: string; broker: unknown }) => Promise<unknown>;

interface BrokerPoolInternals {
  withBroker(callback: BrokerCallback): Promise<unknown>;
  [PATCHED]?: true;
}

/**
 * kafkajs 2.2.4 asks each broker in turn for a group's coordinator and swallows every error
 * (`BrokerPool.withBroker`), then throws the retriable "Failed to find group coordinator". A
 * principal without READ on its consumer group therefore restarts its consumer forever instead of
 * seeing GROUP_AUTHORIZATION_FAILED. When every broker refused by ACL, the refusal is rethrown;
 * any other failure keeps kafkajs' behaviour.
 */
export function applyKafkajsRefusalFix(): void {
  let BrokerPool: { prototype: BrokerPoolInternals } | undefined;
  try {
    // The same module instance kafkajs itself loads (kafkajs has no "exports" map).
    BrokerPool = require('kafkajs/src/cluster/brokerPool');
  } catch {
    return;
  }
  const original = BrokerPool?.prototype.withBroker;
  if (!BrokerPool || typeof original !== 'function' || BrokerPool.prototype[PATCHED]) return;
  BrokerPool.prototype[PATCHED] = true;
  BrokerPool.prototype.withBroker = async function (this: unknown, callback: BrokerCallback) {
    let refusal: unknown;
    const result = await original.call(this, async (args) => {
      try {
        return await callback(args);
      } catch (error) {
        if (REFUSALS.has((error as { type?: string } | null)?.type ?? '')) refusal = error;
        throw error;
      }
    });
    if (result === null && refusal !== undefined) throw refusal;
    return result;
  };
}
