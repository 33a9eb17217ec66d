import type { OpenAI } from 'openai';

/** An OpenAI-compatible endpoint (Qwen, DeepSeek, a local vLLM…): OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL. */
export interface LlmConfig {
  baseURL: string;
  apiKey: string;
  model: string;
  /** Whole-question budget across tool rounds (default 15 s). */
  timeoutMs?: number;
}

export interface LlmClient {
  /** The SDK client, created on first use: the openai package takes ~0.5 s to load, and most deployments run without a model. */
  openai(): Promise<OpenAI>;
  model: string;
  timeoutMs: number;
}

const DEFAULT_LLM_TIMEOUT_MS = 15_000;

export function createLlmClient(config: LlmConfig): LlmClient {
  let client: Promise<OpenAI> | null = null;
  return {
    openai() {
      client ??= import('openai').then(
        ({ OpenAI }) => new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, maxRetries: 0 }),
      );
      return client;
    },
    model: config.model,
    timeoutMs: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
  };
}
