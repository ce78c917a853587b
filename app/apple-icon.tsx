import { ImageResponse } from 'next/og';

export const size = { width: 180, height: 180 };
export const contentType = 'image/png';

/** The logo mark (app/icon.svg) for home screens, drawn with next/og's bundled font: no network. */
export default function AppleIcon() {
  return new ImageResponse(
    (
      <div
        style={{
          width: '100%',
          height: '100%',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          background: '#4f46e5',
          color: 'white',
          fontSize: 126,
          lineHeight: 1,
          paddingBottom: 14,
        }}
      >
        e
      </div>
    ),
    size,
  );
}
