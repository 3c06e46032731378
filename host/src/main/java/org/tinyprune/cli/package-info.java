/**
 * The {@code tinyprune} command line: one thin picocli command per class, each delegating to
 * library code; {@link org.tinyprune.cli.Main} lists them and turns failures into messages and
 * {@link org.tinyprune.cli.ExitCodes}.
 */
package org.tinyprune.cli;
