import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { indicatorReports } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BotEngine, createBotEngine } from '../src/index.ts';
import { buildWorld, only, say, textOf, type World } from './fixtures.ts';

/** What the fake model does next: call tools, answer in text, fail, or hang. */
type Step =
  | { toolCalls: Array<{ name: string; args: unknown }> }
  | { content: string }
  | { status: number }
  | { hangMs: number };

interface RecordedRequest {
  model: string;
  messages: Array<{ role: string; content?: string | null; tool_call_id?: string }>;
  tools: Array<{ type: string; function: { name: string; parameters: Record<string, unknown> } }>;
}

/** A tiny OpenAI-compatible server: POST /v1/chat/completions answers with the next scripted step. */
class FakeModel {
  private server: Server | null = null;
  readonly requests: RecordedRequest[] = [];
  private script: Step[] = [];
  private calls = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  play(...steps: Step[]): void {
    this.script = steps;
    this.requests.length = 0;
  }

  /** All tool results the model was sent. */
  toolResults(): string {
    return this.requests
      .flatMap((r) => r.messages)
      .filter((m) => m.role === 'tool')
      .map((m) => m.content ?? '')
      .join('\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest;
    this.requests.push(body);
    const step = this.script.shift() ?? { content: '（脚本已结束）' };
    if ('hangMs' in step) {
      await new Promise((r) => setTimeout(r, step.hangMs));
      if (!res.writableEnded && !res.destroyed) res.writeHead(200).end('{}');
      return;
    }
    if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
      return;
    }
    this.calls++;
    const message =
      'content' in step
        ? { role: 'assistant', content: step.content }
        : {
            role: 'assistant',
            content: null,
            tool_calls: step.toolCalls.map((c, i) => ({
              id: `call_${this.calls}_${i}`,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            })),
          };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${this.calls}`,
        object: 'chat.completion',
        created: 1_788_000_000,
        model: body.model,
        choices: [
          { index: 0, message, finish_reason: 'content' in step ? 'stop' : 'tool_calls', logprobs: null },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  }
}

let w: World;
const fake = new FakeModel();
let engine: BotEngine;
let baseURL: string;

beforeAll(async () => {
  w = await buildWorld();
  baseURL = await fake.start();
  engine = createBotEngine({
    platform: w.city.platform,
    llm: { baseURL, apiKey: 'test-key', model: 'fake-model' },
  });
});
afterAll(async () => {
  await fake.stop();
  await w?.db.dispose();
});
beforeEach(() => {
  fake.play();
});

const { officerA: EDU, officerB: HEALTH } = TEST_DINGTALK_IDS;

describe('free questions through the model', () => {
  it('answers through a tool call run as the asker', async () => {
    fake.play(
      { toolCalls: [{ name: 'get_item', args: { code: 'JDZ-2026-0001' } }] },
      { content: '市一中教学楼改造执行率30.0%，落后序时进度28.3个百分点，建议尽快拨付。' },
    );
    const reply = only(await say(engine, EDU, '最近有什么需要我特别注意的吗'));
    expect(reply.markdown).toBe('市一中教学楼改造执行率30.0%，落后序时进度28.3个百分点，建议尽快拨付。');
    expect(fake.requests).toHaveLength(2);
    const first = fake.requests[0];
    expect(first?.model).toBe('fake-model');
    expect(first?.messages[0]?.content).toContain('李教育');
    expect(first?.tools.map((t) => t.function.name).sort()).toEqual([
      'get_item',
      'get_summary',
      'list_my_tasks',
      'list_warnings',
      'report_indicator_progress',
      'search_items',
      'submit_rectification',
    ]);
    expect(first?.tools.find((t) => t.function.name === 'get_item')?.function.parameters).toMatchObject({
      type: 'object',
      properties: { code: { type: 'string' } },
    });
    const results = fake.toolResults();
    expect(results).toContain('市一中教学楼改造');
    expect(results).toContain('"executionRate":"30.0%"');
    // The item discussed is remembered for "它的指标呢".
    expect(only(await say(engine, EDU, '它的指标呢')).title).toBe('JDZ-2026-0001 绩效指标');
  });

  it("gives the model nothing outside the asker's scope, whatever id it names", async () => {
    fake.play(
      {
        toolCalls: [
          { name: 'get_item', args: { item_id: w.items.school1.id } },
          { name: 'get_item', args: { code: 'JDZ-2026-0001' } },
          { name: 'search_items', args: { query: '市一中教学楼' } },
          { name: 'list_warnings', args: { scope: 'all' } },
        ],
      },
      { content: '没有查到您可以查看的相关项目。' },
    );
    const replies = await say(engine, HEALTH, '给我讲讲教育局那个一中的楼');
    const results = fake.toolResults();
    expect(results).toContain('不在您的数据范围内');
    expect(results).not.toContain('市一中');
    expect(results).not.toContain('教育局');
    expect(results).toContain('市人民医院门诊楼改造');
    expect(textOf(replies)).not.toContain('市一中');
  });

  it('turns a write tool call into a confirmation; nothing is written before 确认', async () => {
    fake.play({
      toolCalls: [
        {
          name: 'report_indicator_progress',
          args: { item_code: 'JDZ-2026-0001', indicator: '受益学生人数', value: 1500, unit: '人' },
        },
      ],
    });
    const rows = () =>
      w.db.db.select().from(indicatorReports).where(eq(indicatorReports.itemId, w.items.school1.id));
    const ask = only(await say(engine, EDU, '帮我把受益学生人数报成1500人吧，就是市一中那个'));
    expect(ask.title).toBe('请确认填报指标完成情况');
    expect(textOf(ask)).toContain('1500人');
    expect(fake.requests).toHaveLength(1);
    expect(await rows()).toHaveLength(0);
    expect(only(await say(engine, EDU, '确认')).title).toBe('已填报');
    expect((await rows())[0]).toMatchObject({ actualValue: 1500 });
  });

  it('cannot write outside the scope through the model either', async () => {
    fake.play({
      toolCalls: [
        {
          name: 'report_indicator_progress',
          args: { item_id: w.items.school1.id, indicator: '受益学生人数', value: 1 },
        },
      ],
    });
    const text = textOf(await say(engine, HEALTH, '帮我把受益学生人数报成1人吧，就是那个'));
    expect(text).toContain('不在您的数据范围内');
    expect(text).not.toContain('市一中');
  });

  it('survives unknown tools and bad arguments, and stops after a few rounds', async () => {
    const loop = {
      toolCalls: [
        { name: 'drop_database', args: {} },
        { name: 'get_item', args: { item_id: 'x' } },
      ],
    };
    fake.play(loop, loop, loop, loop, loop, loop);
    const reply = only(await say(engine, EDU, '最近有什么需要我特别注意的吗'));
    expect(reply.title).toBe('没听懂');
    expect(fake.requests).toHaveLength(4);
    expect(fake.toolResults()).toContain('没有名为 drop_database 的工具');
    expect(fake.toolResults()).toContain('参数不合法');
  });

  it('falls back to a hint when the model fails or is too slow', async () => {
    fake.play({ status: 500 });
    expect(only(await say(engine, EDU, '最近有什么需要我特别注意的吗')).title).toBe('没听懂');
    const slow = createBotEngine({
      platform: w.city.platform,
      llm: { baseURL, apiKey: 'k', model: 'fake-model', timeoutMs: 300 },
    });
    fake.play({ hangMs: 2000 });
    const started = Date.now();
    const reply = only(await say(slow, EDU, '最近有什么需要我特别注意的吗'));
    expect(reply.title).toBe('没听懂');
    expect(reply.markdown).toContain('可以试试');
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('does not call the model for what the parser understands', async () => {
    fake.play({ content: '不应被调用' });
    expect(only(await say(engine, EDU, '我的预警')).title).toBe('我的预警');
    expect(fake.requests).toHaveLength(0);
  });
});
