import { ImageResponse } from 'next/og';

// In English only: the image is drawn once at build time, for every visitor and link preview, and
// has no request whose language it could follow.
export const alt = 'entitle: sell subscriptions with Stripe Billing, grant exactly what was paid for';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

/** The home page's social preview, drawn at build time with next/og's bundled font (no network). */
export default function OpenGraphImage() {
  return new ImageResponse(
    (
      <div
        style={{
          width: '100%',
          height: '100%',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          padding: 80,
          background: '#fafafa',
          color: '#18181b',
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 24, fontSize: 48 }}>
          <div
            style={{
              width: 80,
              height: 80,
              borderRadius: 18,
              background: '#4f46e5',
              color: 'white',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: 60,
              paddingBottom: 8,
            }}
          >
            e
          </div>
          entitle
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
          <div style={{ fontSize: 72, lineHeight: 1.1, letterSpacing: -2 }}>Sell subscriptions. Grant exactly what was paid for.</div>
          <div style={{ fontSize: 32, color: '#52525b' }}>Next.js 16 · Auth.js · Drizzle · Stripe Billing</div>
        </div>
      </div>
    ),
    size,
  );
}
