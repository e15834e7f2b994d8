/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/sysvipc/{shm,msg,sem} text through sysvipc_table_read(), asking
 * for the columns each SysV collector asks for (the lists in sysv_shm.c,
 * sysv_msg.c and sysv_sem.c), so any input is read as each of the three.
 */
#include "fuzz_input.h"
#include "sysvipc_table.h"

#include <stdlib.h>

static const char *const shm_columns[] = {
	"key",  "shmid", "perms", "size",  "cpid",  "lpid",  "nattch", "uid",
	"gid",  "cuid",  "cgid",  "atime", "dtime", "ctime", "rss?",   "swap?",
};
static const char *const msg_columns[] = {
	"key", "msqid", "perms", "cbytes", "qnum",  "lspid", "lrpid",
	"uid", "gid",   "cuid",  "cgid",   "stime", "rtime", "ctime",
};
static const char *const sem_columns[] = {
	"key", "semid", "perms", "nsems", "uid", "gid", "cuid", "cgid", "otime", "ctime",
};

static const struct {
	const char *const *names;
	size_t n;
} tables[] = {
	{ shm_columns, sizeof(shm_columns) / sizeof(shm_columns[0]) },
	{ msg_columns, sizeof(msg_columns) / sizeof(msg_columns[0]) },
	{ sem_columns, sizeof(sem_columns) / sizeof(sem_columns[0]) },
};

struct seen {
	size_t n, rows;
	int64_t sum; /* every value read, so that an uninitialised one would be used */
};

static void row(const int64_t *values, void *ctx)
{
	struct seen *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		s->sum ^= values[i];
	s->rows++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		struct fuzz_stream in;
		struct sysvipc_result res;
		struct seen s = { .n = tables[t].n };

		fuzz_stream_open(&in, data, size);
		int rc = sysvipc_table_read(in.f, tables[t].names, tables[t].n, row, &s, &res);
		fuzz_stream_close(&in);
		if (res.rows != s.rows || (rc < 0 && res.rows != 0))
			abort();
	}
	return 0;
}
