/**
 * Board profiles: the data that describes a microcontroller board to tinyprune (core, clock,
 * memories, compiler flags, how to reach and flash it, and its calibrated cost model).
 *
 * <p>Profiles are JSON files {@code boards/<name>/profile.json} parsed into the protobuf message
 * {@link org.tinyprune.board.proto.BoardProfile} (schema {@code board.proto}). {@link
 * ProfileReader} parses and validates one file, {@link BoardRegistry} finds all profiles of the
 * repository, {@link ProfileWriter} writes one back atomically (after calibration). Every problem
 * surfaces as a {@link BoardProfileException} naming the file, the field, the bad value and the
 * fix.
 */
package org.tinyprune.board;
