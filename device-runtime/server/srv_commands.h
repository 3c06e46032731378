/*
 * srv_commands.h - the two command groups of the benchmark server. Each handler receives the
 * command split at spaces (argv[0] is the command word) and prints its reply lines; the caller
 * prints m-ready afterwards. Handlers return 1 when they claimed the command, 0 otherwise.
 */
#ifndef SRV_COMMANDS_H
#define SRV_COMMANDS_H

#define SRV_MAX_ARGS 4

/* EEMBC / MLPerf Tiny: name, profile, help, timestamp, db, infer, results. */
int srv_eembc_command(int argc, char **argv);

/* What help% prints: the firmware version, an empty line, one line per command (the reference
 * firmware's layout; these lines, unlike every other reply line, start with neither m- nor e-). */
extern const char srv_help_text[];

/* The `db` command (load, hex data, print); srv_eembc_command passes it on. */
void srv_db_command(int argc, char **argv);

/* tinyprune additions: tp-identity, tp-window, tp-layers, tp-memory, tp-run, tp-output,
 * tp-input-crc; each reply ends with an m-tp-crc-[...] line (srv_print.h). */
int srv_tinyprune_command(int argc, char **argv);

/* Parses a non-negative decimal < 2^31; returns -1 when `text` is not one. */
long srv_parse_count(const char *text);

#endif /* SRV_COMMANDS_H */
