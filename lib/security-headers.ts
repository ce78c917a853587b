// The browser protections: what proxy.ts sends with every page (a Content-Security-Policy with a
// fresh nonce) and what next.config.ts sends with every response. No imports, so next.config.ts
// can load it without reading the environment.

/** Sent with every response, pages and route handlers alike (next.config.ts). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  // One click on /billing charges the saved card: no other site may frame any of our pages.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Other sites learn our origin at most, never paths or query strings such as session ids.
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), browsing-topics=()' },
];

/** HTTPS only, from then on. Browsers ignore it over plain HTTP, so local production builds are unaffected. */
export const HSTS_HEADER = { key: 'Strict-Transport-Security', value: 'max-age=31536000' };

/** For responses that are not pages (route handlers): nothing may load, run or frame them. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// Stripe.js and the Payment Element, per Stripe's CSP guidance: the script, its API, and the
// iframes it mounts (card fields, 3-D Secure via hooks.stripe.com).
const STRIPE_JS = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  connect: ['https://api.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  img: ['https://*.stripe.com'],
};

export type PagePolicyOptions = {
  /** `next dev`: React needs eval for its debugging aids, and the error overlay inline styles. */
  development: boolean;
  /** The site is served over HTTPS: ask browsers to upgrade any stray http:// subresource. */
  https: boolean;
  /** Origins a form may be sent to or redirected to: hosted checkout, portal, OAuth providers. */
  formActions: readonly string[];
  /** Stripe.js runs on our pages (the Payment Element, CHECKOUT_UI=elements with real Stripe). */
  stripeJs: boolean;
};

/**
 * The policy for one page. Scripts run only with this response's nonce (Next.js reads it from
 * the request's Content-Security-Policy header and puts it on its own scripts); 'strict-dynamic'
 * lets those scripts load their chunks and Stripe.js. Hosts in script-src are for browsers
 * without 'strict-dynamic', which ignore the nonce-less rest.
 */
export function pageContentSecurityPolicy(nonce: string, options: PagePolicyOptions): string {
  const stripe = options.stripeJs ? STRIPE_JS : { script: [], connect: [], frame: [], img: [] };
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : []), ...stripe.script],
    // A nonce makes browsers ignore 'unsafe-inline', so development gets the one, production the other.
    ['style-src', "'self'", options.development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ['img-src', "'self'", 'data:', 'blob:', ...stripe.img],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...stripe.connect],
    ['frame-src', ...(stripe.frame.length > 0 ? stripe.frame : ["'none'"])],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    // Without JavaScript a Server Action is a real form post, and Chrome checks its redirects too.
    ['form-action', "'self'", ...options.formActions],
    ['frame-ancestors', "'none'"],
  ];
  if (options.https) directives.push(['upgrade-insecure-requests']);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** 128 random bits, base64: a fresh one for every page response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
