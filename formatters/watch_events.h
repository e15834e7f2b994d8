#ifndef IPCSCOPE_WATCH_EVENTS_H
#define IPCSCOPE_WATCH_EVENTS_H

#include <stdio.h>

struct object_diff;

/*
 * One event of ipcscope watch on one line.  `time` is the snapshot's, as
 * format_utc_time writes it.  Write errors are left in the stream's error
 * flag.
 */

/* {"time":...,"event":...,"object":{...}[,"changes":[...]]} */
void watch_write_ndjson(FILE *out, const char *time, const struct object_diff *d);
/* "TIME changed sysv_shm 3 0x0a11ce01: nattch 1 -> 2; holders +4243/demo[map r]" */
void watch_write_text(FILE *out, const char *time, const struct object_diff *d);

#endif
