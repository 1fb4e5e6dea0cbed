/**
 * The Open mHealth schemas our data points claim, as JSON Schema for ajv: the constraints of
 * `omh:sleep-duration:2.0`, `omh:sleep-episode:1.1` and what they reference (`header-1.x`,
 * `duration-unit-value-1.x`, `unit-value-1.x`, `time-frame-1.x`, `time-interval-1.x`,
 * `date-time-1.x`), restated from the official definitions at
 * https://github.com/openmhealth/schemas/tree/master/schema/omh (Apache License 2.0).
 * No npm package ships them; these are restated rather than copied, so a change upstream is a
 * change here.
 */
const dateTime = { type: 'string', format: 'date-time' };
const durationUnitValue = {
  type: 'object',
  properties: {
    value: { type: 'number' },
    unit: { enum: ['ps', 'ns', 'us', 'ms', 'sec', 'min', 'h', 'd', 'wk', 'Mo', 'yr'] },
  },
  required: ['value', 'unit'],
};
const unitValue = {
  type: 'object',
  properties: { value: { type: 'number' }, unit: { type: 'string' } },
  required: ['value', 'unit'],
};
const timeInterval = {
  type: 'object',
  oneOf: [
    { required: ['start_date_time', 'end_date_time'] },
    { required: ['start_date_time', 'duration'] },
    { required: ['end_date_time', 'duration'] },
    { required: ['date', 'part_of_day'] },
  ],
  properties: {
    start_date_time: dateTime,
    end_date_time: dateTime,
    duration: durationUnitValue,
    date: { type: 'string', format: 'date' },
    part_of_day: { enum: ['morning', 'afternoon', 'evening', 'night'] },
  },
};
const timeFrameWithInterval = {
  type: 'object',
  properties: { time_interval: timeInterval, date_time: dateTime },
  required: ['time_interval'],
};
const durationIn = (units: string[]) => ({
  allOf: [durationUnitValue, { properties: { unit: { enum: units } } }],
});

export const omhHeaderSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    creation_date_time: dateTime,
    schema_id: {
      type: 'object',
      properties: {
        namespace: { type: 'string', pattern: '^[a-zA-Z0-9.-]+$' },
        name: { type: 'string', pattern: '^[a-zA-Z0-9-]+$' },
        version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+(\\.[0-9]+)?$' },
      },
      required: ['namespace', 'name', 'version'],
    },
    acquisition_provenance: {
      type: 'object',
      properties: {
        source_name: { type: 'string' },
        modality: { enum: ['sensed', 'self-reported'] },
      },
      required: ['source_name'],
    },
  },
  required: ['id', 'creation_date_time', 'schema_id'],
};

export const omhSleepDurationSchema = {
  type: 'object',
  properties: {
    sleep_duration: durationIn(['sec', 'min', 'h']),
    effective_time_frame: timeFrameWithInterval,
    user_notes: { type: 'string' },
  },
  required: ['sleep_duration'],
};

export const omhSleepEpisodeSchema = {
  type: 'object',
  properties: {
    latency_to_sleep_onset: durationUnitValue,
    latency_to_arising: durationUnitValue,
    total_sleep_time: durationUnitValue,
    wake_after_sleep_onset: durationUnitValue,
    number_of_awakenings: { type: 'integer' },
    is_main_sleep: { type: 'boolean' },
    effective_time_frame: timeFrameWithInterval,
    sleep_maintenance_efficiency_percentage: {
      allOf: [unitValue, { properties: { unit: { enum: ['%'] } } }],
    },
  },
  required: ['effective_time_frame'],
};

export const omhDataPointSchema = (body: object) => ({
  type: 'object',
  properties: { header: omhHeaderSchema, body },
  required: ['header', 'body'],
});
