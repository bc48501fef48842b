/**
 * The HTTP edge shared by all features: problem+json errors, request limits (body size, JSON
 * depth), correlation ids, the tenant of a request (from the authenticated
 * {@link org.aiorg.security.Caller}), the health endpoint and the dashboard's static files.
 * Features never call this package; it calls them.
 */
package org.aiorg.web;
