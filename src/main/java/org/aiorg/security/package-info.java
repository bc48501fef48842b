/**
 * Who is calling: bearer tokens (JWTs with {@code sub}, {@code tenant}, {@code roles}) verified
 * with a self-hosted HS256 secret or an identity provider's JWKS, the access rules per path and
 * role, per-token and per-tenant rate limits, dev mode, and {@code GET /api/me}. Public face:
 * {@link org.aiorg.security.Caller} (the authenticated caller of a request) and
 * {@link org.aiorg.security.TokenIssuer} (self-hosted tokens for the CLI). Uses {@code tenant}
 * and {@code common}; the web layer reads the caller's tenant from here.
 */
package org.aiorg.security;
