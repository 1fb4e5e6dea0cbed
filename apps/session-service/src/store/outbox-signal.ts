import { Injectable } from '@nestjs/common';
import { WakeSignal } from '../common/wake-signal';

/** Raised by every transaction that stored events, so the relay publishes them at once. */
@Injectable()
export class OutboxSignal extends WakeSignal {}
