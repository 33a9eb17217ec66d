import { getConnInfo } from '@hono/node-server/conninfo';
import { type AppEnv, errorResponse } from '@jixiao/api';
import type { Context, Hono } from 'hono';
import { isLocalRequest } from './sim-access.ts';

const NOT_RUNNING = '钉钉模拟器未启用（已配置真实钉钉，或 JIXIAO_MESSAGING=false，或 JIXIAO_SIM 为 false）';
const LOCAL_ONLY_TITLE = '钉钉模拟器仅限本机访问';
const LOCAL_ONLY =
  '钉钉模拟器是演示工具（任何人都可以用它冒充任一官员与机器人对话），只向运行服务器的这台电脑开放。' +
  '确需从其他电脑演示时，由管理员设置 JIXIAO_SIM_OPEN=true 后重启服务器。';

const LOCAL_ONLY_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${LOCAL_ONLY_TITLE}</title></head>
<body><h1>${LOCAL_ONLY_TITLE}</h1><p>${LOCAL_ONLY}</p></body>
</html>`;

export interface SimProxyOptions {
  /** Serve non-loopback clients too (JIXIAO_SIM_OPEN). */
  open: boolean;
}

function refuse(c: Context): Response {
  if (c.req.header('accept')?.includes('text/html')) return c.html(LOCAL_ONLY_PAGE, 403);
  return errorResponse(c, 'not_allowed', `${LOCAL_ONLY_TITLE}：${LOCAL_ONLY}`);
}

/**
 * Serves the DingTalk simulator's chat page and its API under /sim on the main port, by
 * forwarding to the simulator (which listens on its own loopback port, like the real DingTalk
 * would be elsewhere), to loopback clients only unless opened. Server-sent events stream through unchanged.
 */
export function registerSimProxy(app: Hono<AppEnv>, options: SimProxyOptions): { target: string | null } {
  const state: { target: string | null } = { target: null };
  const forward = async (c: Context): Promise<Response> => {
    if (!state.target) return errorResponse(c, 'route_not_found', NOT_RUNNING);
    if (!options.open && !isLocalRequest(getConnInfo(c).remote.address, c.req.raw.headers)) return refuse(c);
    const req = c.req.raw;
    const url = new URL(req.url);
    const headers = new Headers(req.headers);
    headers.delete('host');
    const res = await fetch(`${state.target}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer(),
    });
    const out = new Headers(res.headers);
    out.delete('content-encoding');
    out.delete('content-length');
    return new Response(res.body, { status: res.status, headers: out });
  };
  app.all('/sim', forward);
  app.all('/sim/*', forward);
  return state;
}
