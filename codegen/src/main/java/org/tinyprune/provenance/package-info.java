/**
 * Provenance: where an artefact came from (tinyprune version, git commit, full configuration, seed,
 * dataset and board-profile identity), rendered into every artefact we write: ONNX {@code
 * metadata_props}, a comment block in generated C, and a JSON object in report.json.
 */
package org.tinyprune.provenance;
