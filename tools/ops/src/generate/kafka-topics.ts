import { allTopics, type TopicSpec } from '@sleep/contracts';
import { stringify } from 'yaml';

const REPLICAS = 3;

/** One Strimzi KafkaTopic per topic of the registry in libs/contracts. */
export function kafkaTopic(topic: TopicSpec) {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      name: topic.name.replace(/\./g, '-'),
      labels: { 'strimzi.io/cluster': 'kafka' },
    },
    spec: {
      topicName: topic.name,
      partitions: topic.partitions,
      replicas: REPLICAS,
      config: {
        'cleanup.policy': topic.cleanupPolicy,
        'retention.ms': topic.retentionMs,
        'min.insync.replicas': 2,
      },
    },
  };
}

export function kafkaTopicsYaml(): string {
  return allTopics.map((topic) => stringify(kafkaTopic(topic))).join('---\n');
}
