/** Keeps everything the sim receives: HTTP requests (with the status answered) and stream up-frames. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedAck, RecordedRequest } from './types.ts';

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function queryToRecord(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) out[name] = value;
  return out;
}

export class Recorder {
  private readonly requests: RecordedRequest[] = [];
  private readonly ackList: RecordedAck[] = [];
  private seq = 0;

  /** Records a request at the moment it is received; the caller fills in `body` and `status` later. */
  begin(init: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
  }): RecordedRequest {
    this.seq += 1;
    const entry: RecordedRequest = { seq: this.seq, time: Date.now(), ...init, body: undefined, status: 0 };
    this.requests.push(entry);
    return entry;
  }

  recordAck(ack: RecordedAck): void {
    this.ackList.push(ack);
  }

  list(): RecordedRequest[] {
    return structuredClone(this.requests);
  }

  acks(): RecordedAck[] {
    return structuredClone(this.ackList);
  }
}
