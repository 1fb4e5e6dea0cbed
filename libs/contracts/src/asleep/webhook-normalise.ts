type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `stage_list` is the V2 (and EN field-table) name of `sleep_stages`. */
function withSleepStages(record: JsonObject): JsonObject {
  const { stage_list, ...rest } = record;
  const sleepStages = rest.sleep_stages ?? stage_list;
  return sleepStages === undefined ? rest : { ...rest, sleep_stages: sleepStages };
}

function normaliseData(data: unknown): unknown {
  if (!isObject(data)) return data;
  // V2 SESSION_COMPLETE nests the Get-Session result under `sleep_data`.
  const { sleep_data, ...rest } = data;
  const flat = isObject(sleep_data) ? { ...sleep_data, ...rest } : data;
  const normalised = withSleepStages(flat);
  return isObject(normalised.session)
    ? { ...normalised, session: withSleepStages(normalised.session) }
    : normalised;
}

/**
 * Rewrites a V2 body (or a V3 body using V2 key names) into the V3 shape, per the receiver rule
 * of Asleep contract 5.3: `event ?? callback_event`, `version ?? callback_version`,
 * `data ?? callback_data`, `sleep_stages ?? stage_list`. Never mutates its input; leaves
 * anything it does not recognise for the schema to reject.
 */
export function normaliseAsleepWebhookBody(body: unknown): unknown {
  if (!isObject(body)) return body;
  const { callback_event, callback_version, callback_data, ...rest } = body;
  return {
    ...rest,
    event: rest.event ?? callback_event,
    version: rest.version ?? callback_version,
    data: normaliseData(rest.data ?? callback_data),
  };
}
