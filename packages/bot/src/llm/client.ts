import { OpenAI } from 'openai';

/** An OpenAI-compatible endpoint (Qwen, DeepSeek, a local vLLM…): OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL. */
export interface LlmConfig {
  baseURL: string;
  apiKey: string;
  model: string;
  /** Whole-question budget across tool rounds (default 15 s). */
  timeoutMs?: number;
}

export interface LlmClient {
  openai: OpenAI;
  model: string;
  timeoutMs: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 15_000;

export function createLlmClient(config: LlmConfig): LlmClient {
  return {
    openai: new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, maxRetries: 0 }),
    model: config.model,
    timeoutMs: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
  };
}
