/** `POST /v1.0/gateway/connections/open`: checks the app credentials and hands out single-use stream tickets. */
import { z } from 'zod';
import type { Credentials } from './auth.ts';
import { parseApiBody, type Router, sendApiError, sendJson } from './http.ts';
import { newTicket } from './ids.ts';

const TICKET_TTL_MS = 90_000;

export interface Subscription {
  type: string;
  topic: string;
}

interface Ticket {
  expiresAt: number;
  subscriptions: Subscription[];
  ua?: string;
}

export class TicketStore {
  private readonly tickets = new Map<string, Ticket>();

  issue(subscriptions: Subscription[], ua: string | undefined, now: number = Date.now()): string {
    const ticket = newTicket();
    this.tickets.set(ticket, { expiresAt: now + TICKET_TTL_MS, subscriptions, ...(ua ? { ua } : {}) });
    return ticket;
  }

  /** A ticket opens exactly one connection within 90 s; returns its subscriptions, or undefined when invalid. */
  consume(ticket: string | null, now: number = Date.now()): Ticket | undefined {
    if (!ticket) return undefined;
    const found = this.tickets.get(ticket);
    if (!found) return undefined;
    this.tickets.delete(ticket);
    return found.expiresAt > now ? found : undefined;
  }
}

const subscriptionSchema = z
  .object({ type: z.enum(['EVENT', 'CALLBACK', 'SYSTEM']), topic: z.string().min(1) })
  .loose();

const openBody = z
  .object({
    clientId: z.string(),
    clientSecret: z.string(),
    subscriptions: z.array(subscriptionSchema).min(1),
    ua: z.string().optional(),
  })
  .loose();

export function registerGatewayRoutes(
  router: Router,
  tickets: TicketStore,
  creds: Credentials,
  wsEndpoint: () => string,
): void {
  router.add('POST', '/v1.0/gateway/connections/open', (ctx) => {
    const body = parseApiBody(ctx, openBody, 'invalidParameter');
    if (!body) return;
    // The real gateway's error body for bad credentials is undocumented; this one follows the OpenAPI error shape.
    if (body.clientId !== creds.clientId || body.clientSecret !== creds.clientSecret) {
      sendApiError(ctx, 401, 'InvalidAuthentication', 'clientId或clientSecret不正确');
      return;
    }
    const bad = body.subscriptions.find((s) => s.type === 'EVENT' && s.topic !== '*');
    if (bad) {
      sendApiError(ctx, 400, 'invalidParameter', `EVENT 订阅的 topic 只能是 "*"，收到 "${bad.topic}"`);
      return;
    }
    const subscriptions = body.subscriptions.map((s) => ({ type: s.type, topic: s.topic }));
    const ticket = tickets.issue(subscriptions, body.ua);
    sendJson(ctx, 200, { endpoint: wsEndpoint(), ticket });
  });
}
