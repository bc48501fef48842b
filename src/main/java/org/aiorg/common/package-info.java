/**
 * Small types every feature may use: the client-error hierarchy that the web layer turns into
 * RFC 9457 problem details, and the field-error record.
 */
package org.aiorg.common;
