import helmet from 'helmet';

/**
 * The API's JSON is never framed nor rendered: nothing may load from it, and no page may frame it.
 */
export const apiHeaders = () =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // CORS decides which pages may read the API; CORP only governs no-cors loads.
    crossOriginResourcePolicy: { policy: 'same-site' },
    xFrameOptions: { action: 'deny' },
  });

/**
 * Pages the product itself serves (the demo, the API reference). They may be framed by the
 * origins given (LMS pages), so helmet's default X-Frame-Options is off: CSP frame-ancestors rules.
 */
export const pageHeaders = (frameAncestors: string[] = ["'self'"], connectSrc: string[] = ["'self'"]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        frameAncestors,
        connectSrc: ["'self'", 'ws:', 'wss:', ...connectSrc],
        mediaSrc: ["'self'", 'blob:', 'data:', 'https:', 'http:'],
        imgSrc: ["'self'", 'data:', 'https:', 'http:'],
        frameSrc: ["'self'", 'https://www.youtube.com', 'https://www.youtube-nocookie.com'],
        scriptSrc: ["'self'", 'https://www.youtube.com', 'https://s.ytimg.com'],
        workerSrc: ["'self'", 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    xFrameOptions: false,
    crossOriginOpenerPolicy: false,
  });

/** Public assets (the widget's scripts): any page may load them, from any origin. */
export const publicAssetHeaders = () =>
  helmet({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    xFrameOptions: false,
  });
