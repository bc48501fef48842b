/**
 * Database access shared by every feature: the DataSource built from {@code aiorg.db.*}, the SQL
 * {@link org.aiorg.db.Dialect} (SQLite or PostgreSQL) and {@link org.aiorg.db.Tx}, which runs
 * work in a transaction and serialises writers on SQLite.
 */
package org.aiorg.db;
