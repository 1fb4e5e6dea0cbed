import * as contracts from './index';
import * as testing from './testing';

it('the public entry exposes the Asleep contract next to the topics', () => {
  expect(contracts.Topics).toBeDefined();
  expect(contracts.parseAsleepWebhook(testing.sampleSessionComplete).success).toBe(true);
  expect(contracts.SleepDataSchema.shape.stat).toBeDefined();
});

it('the testing entry exposes frozen samples', () => {
  expect(Object.isFrozen(testing.sampleGetSessionSeoul.result.session.sleep_stages)).toBe(true);
  expect(testing.sampleSleepStages).toHaveLength(242);
});
