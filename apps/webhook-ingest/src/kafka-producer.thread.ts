// Entry of the thread that owns webhook-ingest's Kafka producer (see ProducerThread).
import { serveProducerThread } from '@sleep/messaging/producer-thread';

serveProducerThread();
