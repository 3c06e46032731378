/**
 * Firmware builds: {@link org.tinyprune.build.FirmwareBuild} turns a generated model folder ({@code
 * model.c}/{@code model.h}, contract C2) and a board into a stamped firmware image with its map
 * file and section sizes, by running the device-runtime Makefile through the link package's {@code
 * FirmwareMake}. Its one checked exception, {@link org.tinyprune.build.FirmwareBuildException},
 * says whether the toolchain is missing, the model does not fit (which memory, by how many bytes)
 * or the build failed.
 */
package org.tinyprune.build;
