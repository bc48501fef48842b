/**
 * Small types every feature may use: the client-error hierarchy that the web layer turns into
 * RFC 9457 problem details, the field-error record, and this process's identity among the
 * processes that share a database.
 */
package org.aiorg.common;
