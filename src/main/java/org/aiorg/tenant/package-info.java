/**
 * Tenants: the organisations whose backlogs AI-Org works through. Every other feature scopes its
 * data by {@link org.aiorg.tenant.TenantId}. Public face: {@link org.aiorg.tenant.Tenants}.
 */
package org.aiorg.tenant;
