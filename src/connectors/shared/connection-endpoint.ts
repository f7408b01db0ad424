/**
 * Names the server a connection failed to reach (`host:port`) in the error, so that a clerk can tell a
 * wrong port from a wrong password. User names and passwords are never part of it.
 */
import { type CasebridgeError, ConnectionError, ERROR_CODES } from '../../core/errors.js';

/** Where a connection goes, as the driver options or a connection URL say. */
export interface EndpointParts {
  readonly host?: unknown;
  readonly server?: unknown;
  readonly port?: unknown;
  readonly connectionString?: unknown;
}

/** `host:port` of a connection (default port when none is given); a URL's credentials are dropped. */
export function connectionEndpoint(parts: EndpointParts, defaultPort: number): string {
  let host =
    typeof parts.host === 'string' && parts.host !== '' ? parts.host : typeof parts.server === 'string' && parts.server !== '' ? parts.server : undefined;
  let port = typeof parts.port === 'number' || (typeof parts.port === 'string' && parts.port !== '') ? String(parts.port) : undefined;
  if ((host === undefined || port === undefined) && typeof parts.connectionString === 'string') {
    try {
      const url = new URL(parts.connectionString);
      host ??= url.hostname === '' ? undefined : decodeURIComponent(url.hostname);
      port ??= url.port === '' ? undefined : url.port;
    } catch {
      // Not a URL (an ADO.NET string): the driver options carry host and port.
    }
  }
  return `${host ?? 'localhost'}:${port ?? String(defaultPort)}`;
}

/** A connection or login error with the endpoint in its message and details; other errors unchanged. */
export function withEndpoint(error: CasebridgeError, endpoint: string): CasebridgeError {
  if (error.code !== ERROR_CODES.CONNECTION_FAILED && error.code !== ERROR_CODES.AUTHENTICATION_FAILED) return error;
  if (error.details['endpoint'] !== undefined) return error;
  const message = `${error.message.replace(/\.$/, '')} (server ${endpoint}). Check host, port and that the server accepts connections from this machine.`;
  return new ConnectionError(message, { code: error.code, cause: error.cause, details: { ...error.details, endpoint } });
}
