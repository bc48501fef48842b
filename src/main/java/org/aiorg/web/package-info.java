/**
 * The HTTP edge shared by all features: problem+json errors, request limits, correlation ids,
 * the tenant of a request, the health endpoint and the dashboard's static files. Features never
 * call this package; it calls them.
 */
package org.aiorg.web;
