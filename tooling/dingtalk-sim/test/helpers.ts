/** Shared fixtures for the sim's tests. */
import { vi } from 'vitest';
import type { DingTalkSim, SimOptions, SimUser } from '../src/index.ts';
import { startDingTalkSim } from '../src/index.ts';

export const USERS: SimUser[] = [
  {
    userId: 'u-zhang',
    unionId: 'union-zhang',
    name: '张伟',
    title: '局长',
    orgName: '示例市财政局',
    roleLabel: '分管领导',
  },
  { userId: 'u-li', unionId: 'union-li', name: '李娜', title: '预算科科长', orgName: '示例市财政局' },
  { userId: 'u-wang', unionId: 'union-wang', name: '王强', title: '绩效管理员', orgName: '示例市教育局' },
];

export const CREDS = {
  clientId: 'dingtestclient',
  clientSecret: 'test-secret-不要打印',
  robotCode: 'dingtestclient',
};

export function startSim(overrides: Partial<SimOptions> = {}): Promise<DingTalkSim> {
  return startDingTalkSim({ ...CREDS, users: () => USERS, ...overrides });
}

/** The SDK logs "connect success" / "Disconnecting." / handshake errors unconditionally. */
export function silenceSdk(): void {
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
}

/** A queue of values with bounded waits: `next()` resolves with the next value or rejects after `timeoutMs`. */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(value: T) => void> = [];

  push = (value: T): void => {
    const waiter = this.waiters.shift();
    if (waiter) waiter(value);
    else this.items.push(value);
  };

  next(timeoutMs = 3000): Promise<T> {
    const ready = this.items.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = (value: T): void => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no value within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

export async function getToken(sim: DingTalkSim): Promise<string> {
  const res = await fetch(`${sim.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: CREDS.clientId, appSecret: CREDS.clientSecret }),
  });
  const body = (await res.json()) as { accessToken: string };
  return body.accessToken;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Calls the sim over HTTP; `T` is the expected shape of the JSON answer (tests assert it). */
export async function call<T = Record<string, unknown>>(
  sim: DingTalkSim,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['x-acs-dingtalk-access-token'] = token;
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
