import type { ParamSpec } from './param-spec.js';
import { PARAM_SPECS } from './param-specs.js';
import type { Params } from './params.js';
import { validateParams } from './validate-params.js';

export interface ApiRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Params;
}

export type ApiHandler = (req: ApiRequest) => unknown;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: ApiHandler;
}

export class Router {
  private routes: Route[] = [];

  get(pattern: string, handler: ApiHandler): void {
    this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: ApiHandler): void {
    this.add('POST', pattern, handler);
  }
  del(pattern: string, handler: ApiHandler): void {
    this.add('DELETE', pattern, handler);
  }

  private add(method: string, pattern: string, handler: ApiHandler): void {
    const fields = paramFields(`${method} ${pattern}`);
    // Every request is checked against the SDK's parameter types for its endpoint before the
    // handler runs, so nothing Stripe would refuse is half-done here.
    const checked: ApiHandler = fields
      ? (req) => {
          validateParams(fields, req.params.raw);
          return handler(req);
        }
      : handler;
    this.routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler: checked });
  }

  /** `METHOD pattern` of every route, for tests that check each has its parameter spec. */
  endpoints(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  /** Literal segments win over `:param` ones, so `/v1/prices/search` beats `/v1/prices/:id`. */
  match(method: string, path: string): { handler: ApiHandler; pattern: string; pathParams: Record<string, string> } | 'method_not_allowed' | null {
    const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] ?? '';
        const part = parts[i] ?? '';
        if (seg.startsWith(':')) params[seg.slice(1)] = part;
        else if (seg === part) literals++;
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    if (best) return { handler: best.route.handler, pattern: best.route.pattern, pathParams: best.params };
    return pathMatched ? 'method_not_allowed' : null;
  }
}

const specs: Record<string, { fields: Record<string, ParamSpec> }> = PARAM_SPECS;

function paramFields(endpoint: string): Record<string, ParamSpec> | undefined {
  return specs[endpoint]?.fields;
}
