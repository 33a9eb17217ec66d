import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '@jixiao/api';

/**
 * Serves the DingTalk simulator's chat page and its API under /sim on the main port, by
 * forwarding to the simulator (which listens on its own loopback port, like the real DingTalk
 * would be elsewhere). Server-sent events stream through unchanged.
 */
export function registerSimProxy(app: OpenAPIHono<AppEnv>): { target: string | null } {
  const state: { target: string | null } = { target: null };
  const forward = async (req: Request): Promise<Response> => {
    if (!state.target) {
      return Response.json(
        {
          code: 'route_not_found',
          message: '钉钉模拟器未启用（已配置真实钉钉，或 JIXIAO_MESSAGING=false）',
          details: {},
        },
        { status: 404 },
      );
    }
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
  app.all('/sim', (c) => forward(c.req.raw));
  app.all('/sim/*', (c) => forward(c.req.raw));
  return state;
}
