/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope summary against SysV and POSIX objects made here, in an IPC
 * namespace of our own so the counts are ours alone: the counts, the bytes,
 * the use of each limit, the warning past 80%, and the Prometheus text
 * through a strict check of every line.  Other IPC namespaces are counted
 * apart, each with its own limits: ours are the entries labelled with our
 * namespace or none, and a child namespace made here has its own.
 */
#include "runner.h"
#include "json_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <mqueue.h>
#include <regex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#define MQ_DIR "/dev/mqueue"
#define MQ_FULL "/ipcscope-summary-full"
#define MQ_EMPTY "/ipcscope-summary-empty"

static bool made_mq_dir;

/* Our own /dev/mqueue, so the queues counted are ours. */
static int setup_group(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0;
	if (mkdir(MQ_DIR, 0755) == 0)
		made_mq_dir = true;
	umount2(MQ_DIR, MNT_DETACH);
	assert_int_equal(mount("none", MQ_DIR, "mqueue", 0, NULL), 0);
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	if (private_namespaces())
		umount2(MQ_DIR, MNT_DETACH);
	if (made_mq_dir)
		rmdir(MQ_DIR);
	return 0;
}

/* What each test makes, removed after it. */
static int shm_ids[2], msg_ids[3], sem_id = -1;

static void send(int q, size_t bytes)
{
	struct { long type; char text[100]; } msg = { .type = 1 };
	memset(msg.text, 'x', sizeof(msg.text));
	assert_int_equal(msgsnd(q, &msg, bytes, 0), 0);
}

static mqd_t make_queue(const char *name, long maxmsg, long msgsize)
{
	struct mq_attr attr = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	assert_true(q != (mqd_t)-1);
	return q;
}

/*
 * Two segments (8192 bytes and 5000, two pages each), three queues with 1,
 * 2 and no messages of 100 bytes, one set of three semaphores, and two POSIX
 * queues, one with three messages of 10 bytes.
 */
static int make_objects(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0;
	shm_ids[0] = shmget(IPC_PRIVATE, 8192, 0600);
	shm_ids[1] = shmget(IPC_PRIVATE, 5000, 0600);
	for (int i = 0; i < 3; i++)
		msg_ids[i] = msgget(IPC_PRIVATE, 0600);
	send(msg_ids[0], 100);
	send(msg_ids[1], 100);
	send(msg_ids[1], 100);
	sem_id = semget(IPC_PRIVATE, 3, 0600);
	assert_true(shm_ids[0] >= 0 && shm_ids[1] >= 0 && msg_ids[2] >= 0 && sem_id >= 0);
	mqd_t full = make_queue(MQ_FULL, 5, 64);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mq_send(full, "0123456789", 10, 0), 0);
	mq_close(full);
	mq_close(make_queue(MQ_EMPTY, 4, 128));
	return 0;
}

static int remove_objects(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0;
	for (int i = 0; i < 2; i++)
		shmctl(shm_ids[i], IPC_RMID, NULL);
	for (int i = 0; i < 3; i++)
		msgctl(msg_ids[i], IPC_RMID, NULL);
	semctl(sem_id, 0, IPC_RMID);
	mq_unlink(MQ_FULL);
	mq_unlink(MQ_EMPTY);
	return 0;
}

static uint64_t sysctl_value(const char *path, int field)
{
	unsigned long long v[4] = { 0 };
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int n = fscanf(f, "%llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3]);
	fclose(f);
	assert_true(n > field);
	return v[field];
}

static void set_sysctl(const char *path, uint64_t v)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%llu\n", (unsigned long long)v);
	assert_int_equal(fclose(f), 0);
}

static cJSON *summary_json(struct run_result *r, const char *kinds)
{
	if (kinds)
		run_ipcscope(r, "summary", "--json", "--kind", kinds, NULL);
	else
		run_ipcscope(r, "summary", "--json", NULL);
	if (r->status != 0)
		fail_msg("summary exited %d: %s", r->status, r->err);
	cJSON *doc = cJSON_Parse(r->out);
	if (!doc)
		fail_msg("not JSON: %s", r->out);
	assert_string_equal(cJSON_GetObjectItem(doc, "schema")->valuestring, IPCSCOPE_JSON_SCHEMA);
	return doc;
}

/* Whether a kinds or limits entry is of IPC namespace ipcns; 0: ours, or of none. */
static bool of_namespace(cJSON *e, uint64_t ipcns)
{
	cJSON *v = cJSON_GetObjectItem(e, "ipcns");
	if (!ipcns)
		return cJSON_IsNull(v) || (cJSON_IsNumber(v) && v->valuedouble == (double)own_namespace("ipc"));
	return cJSON_IsNumber(v) && v->valuedouble == (double)ipcns;
}

/* The entry of `array` whose `key` is `value`, of namespace ipcns (0: ours, or of none). */
static cJSON *entry_of(cJSON *doc, const char *array, const char *key, const char *value,
		       uint64_t ipcns)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, array))
	{
		cJSON *v = cJSON_GetObjectItem(e, key);
		if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0 && of_namespace(e, ipcns))
			return e;
	}
	fail_msg("no %s with %s %s in IPC namespace %llu", array, key, value,
		 (unsigned long long)ipcns);
	return NULL;
}

static cJSON *entry(cJSON *doc, const char *array, const char *key, const char *value)
{
	return entry_of(doc, array, key, value, 0);
}

static void expect_kind(cJSON *doc, const char *kind, double objects, double bytes)
{
	cJSON *k = entry(doc, "kinds", "kind", kind);
	assert_int_equal(json_number(k, "objects"), objects);
	if (isnan(bytes)) {
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(k, "bytes")));
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(k, "bytes_unknown")));
	} else {
		assert_int_equal(json_number(k, "bytes"), bytes);
		assert_int_equal(json_number(k, "bytes_unknown"), 0);
	}
}

/* A limit's use, its value as /proc/sys has it, and the share of one in the other. */
static void expect_limit(cJSON *doc, const char *name, double used, const char *path, int field)
{
	cJSON *l = entry(doc, "limits", "name", name);
	double limit = (double)sysctl_value(path, field);
	if (json_number(l, "used") != used)
		fail_msg("%s: used %.0f, expected %.0f", name, json_number(l, "used"), used);
	assert_true(json_number(l, "limit") == limit);
	assert_true(fabs(json_number(l, "percent") - 100.0 * used / limit) <= 0.005);
}

static void counts_match_the_objects_made(void **state)
{
	(void)state;
	struct run_result r;
	double page = (double)sysconf(_SC_PAGESIZE);

	need_private_namespaces();
	cJSON *doc = summary_json(&r, NULL);
	expect_kind(doc, "sysv_shm", 2, 8192 + 5000);
	expect_kind(doc, "sysv_msg", 3, 300);
	expect_kind(doc, "sysv_sem", 1, NAN);
	expect_kind(doc, "posix_mq", 2, 30);
	expect_kind(doc, "lock", json_number(entry(doc, "kinds", "kind", "lock"), "objects"), NAN);

	expect_limit(doc, "shmmni", 2, "/proc/sys/kernel/shmmni", 0);
	expect_limit(doc, "shmall", ceil(8192 / page) + ceil(5000 / page), "/proc/sys/kernel/shmall", 0);
	expect_limit(doc, "shmmax", 8192, "/proc/sys/kernel/shmmax", 0);
	expect_limit(doc, "msgmni", 3, "/proc/sys/kernel/msgmni", 0);
	expect_limit(doc, "msgmnb", 200, "/proc/sys/kernel/msgmnb", 0);
	expect_limit(doc, "semmni", 1, "/proc/sys/kernel/sem", 3);
	expect_limit(doc, "semmns", 3, "/proc/sys/kernel/sem", 1);
	expect_limit(doc, "mqueue_queues_max", 2, "/proc/sys/fs/mqueue/queues_max", 0);
	expect_limit(doc, "mqueue_msg_max", 3, "/proc/sys/fs/mqueue/msg_max", 0);
	expect_limit(doc, "mqueue_msgsize_max", 128, "/proc/sys/fs/mqueue/msgsize_max", 0);
	cJSON *files = entry(doc, "limits", "name", "file_max");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(files, "kind")));
	assert_true(json_number(files, "used") > 0);
	assert_true(json_number(files, "limit") == (double)sysctl_value("/proc/sys/fs/file-max", 0));
	/*
	 * Of the limits this namespace has to itself, none is near: the pipe
	 * pages of a user and the files of the whole system are the machine's,
	 * and whatever else runs there may use them up.
	 */
	cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(doc, "warnings"))
	{
		/* Another IPC namespace's are named: "shmmni (kernel.shmmni) of IPC namespace N". */
		if (strstr(w->valuestring, "% used") && strncmp(w->valuestring, "pipe_user_pages", 15) &&
		    strncmp(w->valuestring, "file_max", 8) && !strstr(w->valuestring, " of IPC namespace "))
			fail_msg("unexpected warning: %s", w->valuestring);
	}
	cJSON_Delete(doc);
	run_result_free(&r);

	/* 13192 bytes: exact with --bytes, 12.9K as lsipc would write them without. */
	const char *options[] = { "--bytes", NULL }, *want[] = { "13192", "12.9K" };
	for (size_t i = 0; i < 2; i++) {
		run_ipcscope(&r, "summary", options[i], NULL);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "KIND"));
		assert_non_null(strstr(r.out, "\nshmmni "));
		char kind[16], bytes[16];
		unsigned objects;
		char *row = strstr(r.out, "\nsysv_shm ");
		assert_non_null(row);
		assert_int_equal(sscanf(row, "%15s %u %15s", kind, &objects, bytes), 3);
		assert_int_equal(objects, 2);
		assert_string_equal(bytes, want[i]);
		run_result_free(&r);
	}
}

/* Each field one type, whatever the kind or limit; unknown is null. */
static void json_fields_keep_their_types(void **state)
{
	(void)state;
	struct run_result r;
	cJSON *doc = summary_json(&r, NULL), *e;

	int ours = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "kinds"))
	{
		assert_true(cJSON_IsString(cJSON_GetObjectItem(e, "kind")));
		cJSON *objects = cJSON_GetObjectItem(e, "objects");
		assert_true(cJSON_IsNumber(objects) || cJSON_IsNull(objects));
		cJSON *bytes = cJSON_GetObjectItem(e, "bytes");
		cJSON *unknown = cJSON_GetObjectItem(e, "bytes_unknown");
		assert_true(cJSON_IsNumber(bytes) || cJSON_IsNull(bytes));
		assert_true(cJSON_IsNull(bytes) == cJSON_IsNull(unknown));
		/* Bytes are counted only of objects counted. */
		assert_true(!cJSON_IsNull(objects) || cJSON_IsNull(bytes));
		cJSON *ipcns = cJSON_GetObjectItem(e, "ipcns");
		assert_true(cJSON_IsNumber(ipcns) || cJSON_IsNull(ipcns));
		ours += of_namespace(e, 0);
	}
	/* Every kind once for ours; others' namespaces add their SysV and queue kinds. */
	assert_int_equal(ours, 14);
	/* The namespaces counted: ours first. */
	cJSON *namespaces = cJSON_GetObjectItem(doc, "ipc_namespaces");
	assert_true(cJSON_GetArraySize(namespaces) >= 1);
	cJSON_ArrayForEach(e, namespaces)
	{
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e, "ipcns")));
		assert_true(cJSON_IsBool(cJSON_GetObjectItem(e, "own")));
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e, "processes")));
	}
	e = cJSON_GetArrayItem(namespaces, 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "own")));
	assert_true(json_number(e, "ipcns") == (double)own_namespace("ipc"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "limits"))
	{
		cJSON *ipcns = cJSON_GetObjectItem(e, "ipcns");
		assert_true(cJSON_IsNumber(ipcns) || cJSON_IsNull(ipcns));
		const char *strings[] = { "name", "sysctl", "description", "unit" };
		for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
			assert_true(cJSON_IsString(cJSON_GetObjectItem(e, strings[i])));
		cJSON *kind = cJSON_GetObjectItem(e, "kind");
		assert_true(cJSON_IsString(kind) || cJSON_IsNull(kind));
		const char *numbers[] = { "used", "limit", "percent" };
		for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
			cJSON *v = cJSON_GetObjectItem(e, numbers[i]);
			assert_true(cJSON_IsNumber(v) || cJSON_IsNull(v));
		}
		/* A share only of two known numbers. */
		if (cJSON_IsNull(cJSON_GetObjectItem(e, "used")) || cJSON_IsNull(cJSON_GetObjectItem(e, "limit")))
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "percent")));
		assert_true(cJSON_IsBool(cJSON_GetObjectItem(e, "ceiling")));
	}
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "unreadable")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "warnings")));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* --kind: those kinds, their limits, and the system's own. */
	doc = summary_json(&r, "sysv_sem");
	ours = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "kinds"))
	{
		assert_string_equal(cJSON_GetObjectItem(e, "kind")->valuestring, "sysv_sem");
		ours += of_namespace(e, 0);
	}
	assert_int_equal(ours, 1);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "limits"))
	{
		cJSON *kind = cJSON_GetObjectItem(e, "kind");
		assert_true(cJSON_IsNull(kind) || strcmp(kind->valuestring, "sysv_sem") == 0);
	}
	entry(doc, "limits", "name", "semmni");
	entry(doc, "limits", "name", "file_max");
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* More than 80% of a pool in use draws a warning; a per-object most does not. */
static void warns_past_80_percent(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	uint64_t shmmni = sysctl_value("/proc/sys/kernel/shmmni", 0);
	uint64_t shmmax = sysctl_value("/proc/sys/kernel/shmmax", 0);

	set_sysctl("/proc/sys/kernel/shmmni", 3); /* 2 of 3: 66.7% */
	cJSON *doc = summary_json(&r, "sysv_shm");
	assert_false(has_warning(doc, "shmmni"));
	assert_null(strstr(r.err, "shmmni"));
	cJSON_Delete(doc);
	run_result_free(&r);

	set_sysctl("/proc/sys/kernel/shmmni", 2);
	set_sysctl("/proc/sys/kernel/shmmax", 8192);
	doc = summary_json(&r, "sysv_shm");
	const char *warning = "shmmni (kernel.shmmni) is 100.0% used: 2 of 2 segments";
	assert_true(has_warning(doc, warning));
	assert_non_null(strstr(r.err, warning));
	assert_false(has_warning(doc, "shmmax"));
	cJSON *max = entry(doc, "limits", "name", "shmmax");
	assert_int_equal(json_number(max, "percent"), 100);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(max, "ceiling")));
	cJSON_Delete(doc);
	run_result_free(&r);

	set_sysctl("/proc/sys/kernel/shmmni", shmmni);
	set_sysctl("/proc/sys/kernel/shmmax", shmmax);
}

static bool matches(const char *pattern, const char *line, regmatch_t *m, size_t nm)
{
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED) != 0)
		fail_msg("bad pattern %s", pattern);
	bool ok = regexec(&re, line, nm, m, 0) == 0;
	regfree(&re);
	return ok;
}

#define METRIC "(ipcscope_[a-zA-Z0-9_:]*)"
#define LABEL "[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\n]|\\\\[\\\\\"n])*\""
#define VALUE "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?"

/*
 * The text exposition format, strictly: only HELP, TYPE and sample lines;
 * each family's HELP then TYPE, once, before its samples, which follow
 * together; every sample of a declared family; no series twice.  NULL when
 * all holds, else what does not (malloc'd).
 */
static char *exposition_fault(const char *text)
{
	char *copy = strdup(text), *fault = NULL, *save = NULL;
	char **seen_series = NULL, **families = NULL;
	size_t nseries = 0, nfamilies = 0;
	char help_of[128] = "", type_of[128] = "";
	int lineno = 0;

	if (!*text || text[strlen(text) - 1] != '\n' || strstr(text, "\n\n"))
		fault = strdup("not whole lines, or an empty line");
	for (char *line = strtok_r(copy, "\n", &save); line && !fault;
	     line = strtok_r(NULL, "\n", &save)) {
		regmatch_t m[3];
		lineno++;
		if (matches("^# HELP " METRIC " [^ ].*$", line, m, 2)) {
			size_t n = (size_t)(m[1].rm_eo - m[1].rm_so);
			for (size_t i = 0; i < nfamilies; i++)
				if (strlen(families[i]) == n && strncmp(families[i], line + m[1].rm_so, n) == 0)
					asprintf(&fault, "line %d: family declared twice: %s", lineno, line);
			snprintf(help_of, sizeof(help_of), "%.*s", (int)n, line + m[1].rm_so);
			families = realloc(families, (nfamilies + 1) * sizeof(*families));
			families[nfamilies++] = strdup(help_of);
			type_of[0] = '\0';
		} else if (matches("^# TYPE " METRIC " (gauge|counter)$", line, m, 2)) {
			if ((size_t)(m[1].rm_eo - m[1].rm_so) != strlen(help_of) ||
			    strncmp(help_of, line + m[1].rm_so, strlen(help_of)) != 0 || type_of[0])
				asprintf(&fault, "line %d: TYPE not right after its HELP: %s", lineno, line);
			snprintf(type_of, sizeof(type_of), "%s", help_of);
		} else if (matches("^" METRIC "(\\{" LABEL "(," LABEL ")*\\})? " VALUE "$", line, m, 2)) {
			size_t n = (size_t)(m[1].rm_eo - m[1].rm_so);
			if (!type_of[0] || strlen(type_of) != n || strncmp(type_of, line, n) != 0)
				asprintf(&fault, "line %d: sample outside its family's block: %s", lineno, line);
			const char *series_end = strrchr(line, ' ');
			for (size_t i = 0; i < nseries && !fault; i++)
				if (strlen(seen_series[i]) == (size_t)(series_end - line) &&
				    strncmp(seen_series[i], line, (size_t)(series_end - line)) == 0)
					asprintf(&fault, "line %d: series twice: %s", lineno, line);
			seen_series = realloc(seen_series, (nseries + 1) * sizeof(*seen_series));
			seen_series[nseries++] = strndup(line, (size_t)(series_end - line));
		} else {
			asprintf(&fault, "line %d: not HELP, TYPE or a sample: %s", lineno, line);
		}
	}
	for (size_t i = 0; i < nseries; i++)
		free(seen_series[i]);
	for (size_t i = 0; i < nfamilies; i++)
		free(families[i]);
	free(seen_series);
	free(families);
	free(copy);
	return fault;
}

/* The checker itself: each kind of fault it is there to find, it finds. */
static void strict_check_finds_faults(void **state)
{
	(void)state;
	const char *good = "# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\n"
			   "ipcscope_a{kind=\"pipe\"} 1\nipcscope_a{kind=\"fifo\"} 0.5\n";
	const char *bad[] = {
		"# TYPE ipcscope_a gauge\nipcscope_a 1\n",                        /* no HELP */
		"# HELP ipcscope_a A thing.\nipcscope_a 1\n",                     /* no TYPE */
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\nipcscope_a 1\nipcscope_a 2\n",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\nipcscope_b 1\n",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\nipcscope_a{kind=pipe} 1\n",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\nipcscope_a null\n",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\nipcscope_a 1",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a bogus\nipcscope_a 1\n",
		"# HELP other_a A thing.\n# TYPE other_a gauge\nother_a 1\n",
		"# HELP ipcscope_a A thing.\n# TYPE ipcscope_a gauge\n\nipcscope_a 1\n",
	};
	char *fault = exposition_fault(good);
	if (fault)
		fail_msg("good text refused: %s", fault);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fault = exposition_fault(bad[i]);
		if (!fault)
			fail_msg("bad text passed:\n%s", bad[i]);
		free(fault);
	}
}

/* The value of one series, e.g. ipcscope_objects{kind="sysv_shm"}; NAN when absent. */
static double series_value(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return NAN;
}

static void prometheus_text_passes_a_strict_check(void **state)
{
	(void)state;
	struct run_result r;

	run_ipcscope(&r, "summary", "--format", "prometheus", NULL);
	assert_int_equal(r.status, 0);
	char *fault = exposition_fault(r.out);
	if (fault)
		fail_msg("%s\nin:\n%s", fault, r.out);
	assert_false(isnan(series_value(r.out, "ipcscope_unreadable_processes")));
	/* What is of no namespace has no ipcns label. */
	assert_false(isnan(series_value(r.out, "ipcscope_limit{limit=\"file_max\"}")));
	if (private_namespaces()) {
		char series[160];
		unsigned long long ours = (unsigned long long)own_namespace("ipc");
#define OURS(fmt) (snprintf(series, sizeof(series), fmt ",ipcns=\"%llu\"}", ours), series)
		assert_true(series_value(r.out, OURS("ipcscope_objects{kind=\"sysv_shm\"")) == 2);
		assert_true(series_value(r.out, OURS("ipcscope_bytes{kind=\"sysv_msg\"")) == 300);
		assert_true(series_value(r.out, OURS("ipcscope_limit_used{limit=\"semmns\"")) == 3);
		assert_true(series_value(r.out, OURS("ipcscope_limit{limit=\"shmmni\"")) ==
			    (double)sysctl_value("/proc/sys/kernel/shmmni", 0));
		double ratio = series_value(r.out, OURS("ipcscope_limit_used_ratio{limit=\"msgmni\""));
		assert_true(fabs(ratio - 3.0 / (double)sysctl_value("/proc/sys/kernel/msgmni", 0)) < 1e-6);
		/* Semaphores hold no bytes: no sample rather than a made-up 0. */
		assert_true(isnan(series_value(r.out, OURS("ipcscope_bytes{kind=\"sysv_sem\""))));
#undef OURS
	}
	run_result_free(&r);
}

#define CHILD_SHMMNI 1 /* its one segment: 100% used */
#define CHILD_QUEUES_MAX 77

static bool write_sysctl(const char *path, unsigned long v)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "%lu\n", v);
	return fclose(f) == 0;
}

/*
 * In a new IPC namespace, with limits of its own: a segment of 4096 bytes
 * and a queue with one message of 100 bytes.  Its namespace into *arg.
 */
static void objects_in_new_namespace(void *arg)
{
	struct stat st;
	struct { long type; char text[100]; } msg = { .type = 1 };

	if (unshare(CLONE_NEWIPC) < 0 || stat("/proc/self/ns/ipc", &st) < 0 ||
	    !write_sysctl("/proc/sys/kernel/shmmni", CHILD_SHMMNI) ||
	    !write_sysctl("/proc/sys/fs/mqueue/queues_max", CHILD_QUEUES_MAX))
		_exit(1);
	int q = msgget(IPC_PRIVATE, 0600);
	if (shmget(IPC_PRIVATE, 4096, 0600) < 0 || q < 0 || msgsnd(q, &msg, 100, 0) < 0)
		_exit(1);
	*(uint64_t *)arg = (uint64_t)st.st_ino;
}

/* A child's namespace is counted apart, with the limits it has, read from inside it. */
static void another_namespace_has_its_own_counts_and_limits(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	need_root("a new IPC namespace");
	uint64_t theirs;
	pid_t child = spawn_reporting_holder(objects_in_new_namespace, &theirs, sizeof(theirs));

	cJSON *doc = summary_json(&r, NULL), *e, *found = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "ipc_namespaces"))
		if (json_number(e, "ipcns") == (double)theirs)
			found = e;
	if (!found)
		fail_msg("IPC namespace %llu not counted: %s", (unsigned long long)theirs, r.out);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(found, "own")));
	assert_int_equal(json_number(found, "processes"), 1);
	assert_int_equal(json_number(entry_of(doc, "kinds", "kind", "sysv_shm", theirs), "objects"), 1);
	assert_int_equal(json_number(entry_of(doc, "kinds", "kind", "sysv_shm", theirs), "bytes"), 4096);
	assert_int_equal(json_number(entry_of(doc, "kinds", "kind", "sysv_msg", theirs), "bytes"), 100);
	assert_int_equal(json_number(entry_of(doc, "kinds", "kind", "sysv_sem", theirs), "objects"), 0);
	cJSON *shmmni = entry_of(doc, "limits", "name", "shmmni", theirs);
	assert_int_equal(json_number(shmmni, "used"), 1);
	assert_int_equal(json_number(shmmni, "limit"), CHILD_SHMMNI);
	assert_int_equal(json_number(entry_of(doc, "limits", "name", "msgmni", theirs), "used"), 1);
	assert_int_equal(json_number(entry_of(doc, "limits", "name", "mqueue_queues_max", theirs),
				     "limit"), CHILD_QUEUES_MAX);
	char text[160];
	snprintf(text, sizeof(text),
		 "shmmni (kernel.shmmni) of IPC namespace %llu is 100.0%% used: 1 of 1 segments",
		 (unsigned long long)theirs);
	assert_true(has_warning(doc, text));
	/* Ours are as they were, and the whole system's limits are no namespace's. */
	expect_kind(doc, "sysv_shm", 2, 8192 + 5000);
	expect_limit(doc, "shmmni", 2, "/proc/sys/kernel/shmmni", 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(entry(doc, "limits", "name", "file_max"), "ipcns")));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Labelled in the table and for Prometheus too. */
	run_ipcscope(&r, "summary", NULL);
	snprintf(text, sizeof(text), "\nIPC namespace %llu (1 process):\nKIND ",
		 (unsigned long long)theirs);
	if (!strstr(r.out, text))
		fail_msg("no block for IPC namespace %llu in:\n%s", (unsigned long long)theirs, r.out);
	run_result_free(&r);
	run_ipcscope(&r, "summary", "--format", "prometheus", NULL);
	char *fault = exposition_fault(r.out);
	if (fault)
		fail_msg("%s\nin:\n%s", fault, r.out);
	snprintf(text, sizeof(text), "ipcscope_limit{limit=\"shmmni\",ipcns=\"%llu\"}",
		 (unsigned long long)theirs);
	assert_true(series_value(r.out, text) == CHILD_SHMMNI);
	run_result_free(&r);
	stop_holder(child);
}

/*
 * summary in a mount namespace of its own whose /dev is an empty tmpfs:
 * no /dev/shm to read, and in an IPC namespace of its own whose queues no
 * /dev/mqueue anywhere shows (ours would be read through the test's mount
 * namespace).  Run through `sh -c` so that only that one run sees it.
 */
static void summary_without_dev(struct run_result *r, const char *format)
{
	char *argv[] = { "unshare", "--mount", "--ipc", "--", "/bin/sh", "-c",
			 "mount -t tmpfs none /dev && exec \"$0\" summary --ns self --kind pipe,posix_shm,posix_mq "
			 "--format \"$1\"",
			 (char *)ipcscope_path(), (char *)format, NULL };

	run_command(argv, r);
	if (r->status != 0)
		fail_msg("summary --format %s without /dev exited %d: %s", format, r->status, r->err);
}

/* A kind whose objects could not be seen is not counted as none: null, "-", no sample. */
static void kinds_not_seen_are_not_counted(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	summary_without_dev(&r, "json");
	cJSON *doc = cJSON_Parse(r.out), *e;
	if (!doc)
		fail_msg("not JSON: %s", r.out);
	bool seen_pipe = false, seen_shm = false, seen_mq = false;
	/* ipcscope's own IPC namespace there, which is not the test's. */
	double own = -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "ipc_namespaces"))
		if (cJSON_IsTrue(cJSON_GetObjectItem(e, "own")))
			own = json_number(e, "ipcns");
	assert_true(own > 0 && own != (double)own_namespace("ipc"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "kinds"))
	{
		const char *kind = cJSON_GetObjectItem(e, "kind")->valuestring;
		cJSON *objects = cJSON_GetObjectItem(e, "objects");
		if (!strcmp(kind, "pipe")) {
			/* Pipes need no /dev: counted as ever. */
			seen_pipe = true;
			assert_true(cJSON_IsNumber(objects));
			continue;
		}
		cJSON *ipcns = cJSON_GetObjectItem(e, "ipcns");
		if (cJSON_IsNumber(ipcns) && ipcns->valuedouble != own)
			continue;
		seen_shm |= !strcmp(kind, "posix_shm");
		seen_mq |= !strcmp(kind, "posix_mq");
		if (!cJSON_IsNull(objects) || !cJSON_IsNull(cJSON_GetObjectItem(e, "bytes")))
			fail_msg("%s is counted though its directory is missing: %s", kind, r.out);
	}
	assert_true(seen_pipe && seen_shm && seen_mq);
	assert_true(has_warning(doc, "posix_shm: cannot read /dev/shm"));
	/* Nor is the limit the queues count toward. */
	cJSON *limit = entry_of(doc, "limits", "name", "mqueue_queues_max", (uint64_t)own);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(limit, "used")));
	cJSON_Delete(doc);
	run_result_free(&r);

	summary_without_dev(&r, "prometheus");
	assert_false(isnan(series_value(r.out, "ipcscope_objects{kind=\"pipe\"}")));
	if (strstr(r.out, "ipcscope_objects{kind=\"posix_shm\"}") ||
	    strstr(r.out, "ipcscope_bytes{kind=\"posix_shm\"}"))
		fail_msg("a sample for posix_shm, which was not seen:\n%s", r.out);
	char *fault = exposition_fault(r.out);
	if (fault)
		fail_msg("%s\nin:\n%s", fault, r.out);
	run_result_free(&r);

	summary_without_dev(&r, "table");
	const char *row = strstr(r.out, "\nposix_shm ");
	if (!row)
		fail_msg("no posix_shm row in:\n%s", r.out);
	char objects[16], bytes[16];
	assert_int_equal(sscanf(row, " posix_shm %15s %15s", objects, bytes), 2);
	assert_string_equal(objects, "-");
	assert_string_equal(bytes, "-");
	run_result_free(&r);
}

static void bad_input_is_a_usage_error(void **state)
{
	(void)state;
	expect_usage_error("valid formats: table, json, prometheus", "summary", "--format", "xml",
			   NULL);
	expect_usage_error("valid kinds: pipe, fifo", "summary", "--kind", "bogus", NULL);
	expect_usage_error("valid kinds: pipe, fifo", "summary", "pipes", NULL);
	expect_usage_error("Try 'ipcscope summary --help'", "summary", "--ndjson", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(counts_match_the_objects_made, make_objects,
						remove_objects),
		cmocka_unit_test_setup_teardown(json_fields_keep_their_types, make_objects,
						remove_objects),
		cmocka_unit_test_setup_teardown(warns_past_80_percent, make_objects, remove_objects),
		cmocka_unit_test(strict_check_finds_faults),
		cmocka_unit_test_setup_teardown(prometheus_text_passes_a_strict_check, make_objects,
						remove_objects),
		cmocka_unit_test_setup_teardown(another_namespace_has_its_own_counts_and_limits,
						make_objects, remove_objects),
		cmocka_unit_test(kinds_not_seen_are_not_counted),
		cmocka_unit_test(bad_input_is_a_usage_error),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, teardown_group);
}
