/**
 * Graph passes: each rewrites an IR {@link org.tinyprune.ir.Graph} into an equivalent one, one
 * class per rewrite, behind {@link org.tinyprune.pass.GraphPass}. {@link org.tinyprune.pass.Passes}
 * lists the order the ONNX reader runs them in.
 */
package org.tinyprune.pass;
