/** When the verified token was issued (its `iat`, when it has one) and when it expires. */
export interface TokenLifetime {
  issuedAtMs?: number;
  expiresAtMs: number;
}
