import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import { clip } from '../render/format.ts';
import { systemPrompt } from './prompt.ts';
import { TOOLS, TOOLS_BY_NAME } from './tools.ts';

/** At most this many model calls per question. */
const MAX_TOOL_ROUNDS = 4;
const MAX_CALLS_PER_ROUND = 5;
const MAX_TOOL_RESULT_CHARS = 12_000;

const TOOL_SPECS: ChatCompletionTool[] = TOOLS.map((t) => ({
  type: 'function',
  function: { name: t.name, description: t.description, parameters: t.parameters },
}));

function parseArgs(raw: string): unknown {
  try {
    return JSON.parse(raw || '{}') as unknown;
  } catch {
    return undefined;
  }
}

/** Model text is untrusted: no HTML, bounded length. */
function sanitize(text: string): string {
  return clip(text.replace(/<[^>]{0,200}>/g, '').trim(), 3000);
}

/**
 * A free question answered by the model with tool calling over the same query functions the
 * parser uses. Tools run as the asking user (the conversation's scope); writes end the turn with a
 * confirmation. Returns null when the model fails, times out, or gives up (the caller falls back).
 */
export async function answerWithModel(ctx: BotContext, text: string): Promise<Answer | null> {
  const llm = ctx.llm;
  if (!llm) return null;
  const deadline = Date.now() + llm.timeoutMs;
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: systemPrompt(ctx) },
    { role: 'user', content: clip(text, 2000) },
  ];
  let touchedPersonal = false;
  try {
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      const openai = await llm.openai();
      const completion = await openai.chat.completions.create(
        { model: llm.model, messages, tools: TOOL_SPECS, tool_choice: 'auto', temperature: 0 },
        { timeout: remaining, maxRetries: 0, signal: AbortSignal.timeout(remaining) },
      );
      const message = completion.choices[0]?.message;
      if (!message) return null;
      const calls = (message.tool_calls ?? []).filter(
        (c): c is ChatCompletionMessageFunctionToolCall => c.type === 'function',
      );
      if (calls.length === 0) {
        const content = sanitize(message.content ?? '');
        if (!content) return null;
        const reply = { title: '绩效通', markdown: content };
        return touchedPersonal ? personal(reply) : data(reply);
      }
      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
      for (const call of calls.slice(0, MAX_CALLS_PER_ROUND)) {
        const def = TOOLS_BY_NAME.get(call.function.name);
        const result = def
          ? await def.run(ctx, parseArgs(call.function.arguments))
          : { data: { error: `没有名为 ${clip(call.function.name, 40)} 的工具` } };
        if ('answer' in result) return result.answer;
        if (def?.personal) touchedPersonal = true;
        messages.push({
          role: 'tool',
          tool_call_id: call.id,
          content: clip(JSON.stringify(result.data), MAX_TOOL_RESULT_CHARS),
        });
      }
      for (const call of calls.slice(MAX_CALLS_PER_ROUND)) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: '{"error":"一次调用的工具太多"}' });
      }
    }
    return null;
  } catch (err) {
    console.error('[bot] 大模型调用失败：', err instanceof Error ? err.message : err);
    return null;
  }
}
