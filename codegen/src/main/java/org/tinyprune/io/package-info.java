/**
 * File output shared by every stage: {@link org.tinyprune.io.AtomicFiles} writes a file through a
 * temporary sibling and a rename, so a reader (or a later run) sees the old file or the whole new
 * one, never a part.
 */
package org.tinyprune.io;
