/** What a hosted page route answers; index.ts writes it to the HTTP response. */
export interface PageResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}
