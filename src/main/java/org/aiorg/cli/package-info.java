/** The command line: one jar, picocli subcommands that start the right part of the system. */
package org.aiorg.cli;
