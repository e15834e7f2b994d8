/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope serve on a loopback port of a network namespace of our own:
 * its metrics pass promtool and agree with summary --json on objects made
 * here, a real Prometheus scrapes them, bad and slow clients get an error
 * or are closed while it goes on answering, SIGHUP refreshes at once and
 * SIGTERM ends it with success.
 */
#include "runner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define QUEUED 54321
/* A command a hostile user could give its process: quote, backslash, newline, a byte of no
 * character (the last two the process table already shows otherwise). */
#define HOSTILE_COMM "q\"b\\n\nx\xff"

static pid_t serve_pid = -1, prometheus_pid = -1;
static char prometheus_dir[64];

/* A loopback port nobody listens on now. */
static unsigned free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static int connect_port(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Start serve on the port with extra arguments (NULL-terminated), once it listens. */
static void start_serve(unsigned port, const char *const *extra)
{
	char listen[32];
	const char *argv[32] = { ipcscope_path(), "serve", "--quiet", "--listen", listen };
	size_t n = 5;

	snprintf(listen, sizeof(listen), "127.0.0.1:%u", port);
	for (; extra && *extra && n < 31; extra++)
		argv[n++] = *extra;
	serve_pid = fork_holder();
	if (serve_pid == 0) {
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		int fd = connect_port(port);
		if (fd >= 0) {
			close(fd);
			return;
		}
		usleep(50000);
	}
	fail_msg("serve did not listen on port %u", port);
}

/* SIGTERM: it must end with 0. */
static void stop_serve(void)
{
	assert_true(serve_pid > 0);
	assert_int_equal(kill(serve_pid, SIGTERM), 0);
	assert_int_equal(wait_exit(serve_pid, 30), 0);
	serve_pid = -1;
}

static int teardown(void **state)
{
	(void)state;
	stop_holder(serve_pid);
	serve_pid = -1;
	stop_holder(prometheus_pid);
	prometheus_pid = -1;
	if (prometheus_dir[0]) {
		char *argv[] = { "rm", "-rf", prometheus_dir, NULL };
		struct run_result r;
		run_command(argv, &r);
		run_result_free(&r);
		prometheus_dir[0] = '\0';
	}
	return 0;
}

/* curl's answer to a request: the status line and headers, then the body, in r->out. */
static void http(struct run_result *r, const char *method, unsigned port, const char *path,
		 const char *accept)
{
	char url[4096], header[256];
	char *argv[16] = { "curl", "-sS", "-i", "--max-time", "30", "-X", (char *)method };
	size_t n = 7;

	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	if (strcmp(method, "HEAD") == 0)
		argv[n++] = "-I";
	if (accept) {
		snprintf(header, sizeof(header), "Accept: %s", accept);
		argv[n++] = "-H";
		argv[n++] = header;
	}
	argv[n++] = url;
	argv[n] = NULL;
	run_command(argv, r);
	assert_int_equal(r->status, 0);
}

static int status_of(const struct run_result *r)
{
	int status = 0;

	assert_int_equal(sscanf(r->out, "HTTP/1.1 %d", &status), 1);
	return status;
}

static const char *body_of(const struct run_result *r)
{
	const char *b = strstr(r->out, "\r\n\r\n");

	assert_non_null(b);
	return b + 4;
}

/* The value of the one sample whose line starts with `series` ("name{labels}"); -1 if none. */
static double sample(const char *text, const char *series)
{
	size_t len = strlen(series);

	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, series, len) == 0 && line[len] == ' ')
			return strtod(line + len + 1, NULL);
	return -1;
}

static void promtool_accepts(const char *text)
{
	char path[] = "/tmp/ipcscope-metrics-XXXXXX";
	int fd = mkstemp(path);
	struct run_result r;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	char script[128];
	snprintf(script, sizeof(script), "promtool check metrics < %s", path);
	char *argv[] = { "sh", "-c", script, NULL };
	run_command(argv, &r);
	unlink(path);
	if (r.status != 0)
		fail_msg("promtool check metrics failed:\n%s%s", r.out, r.err);
	run_result_free(&r);
}

static void fill_pipe(void *arg)
{
	static char data[QUEUED];
	int p[2];

	(void)arg;
	prctl(PR_SET_NAME, HOSTILE_COMM);
	memset(data, 'x', sizeof(data));
	if (pipe(p) < 0 || fcntl(p[1], F_SETPIPE_SZ, 1 << 20) < 0 ||
	    write(p[1], data, sizeof(data)) != (ssize_t)sizeof(data))
		_exit(1);
}

/* summary --json's value for a kind in our IPC namespace. */
static double summary_value(cJSON *doc, const char *kind, const char *field)
{
	cJSON *k;

	cJSON_ArrayForEach(k, cJSON_GetObjectItem(doc, "kinds"))
	{
		cJSON *ns = cJSON_GetObjectItem(k, "ipcns");
		if (strcmp(cJSON_GetObjectItem(k, "kind")->valuestring, kind) == 0 &&
		    (cJSON_IsNull(ns) || (uint64_t)ns->valuedouble == own_namespace("ipc")))
			return json_number(k, field);
	}
	fail_msg("no %s in summary --json", kind);
	return -1;
}

static void test_metrics_agree_with_summary(void **state)
{
	(void)state;
	need_private_namespaces();
	unsigned port = free_port();
	int shm = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	int msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct { long type; char text[300]; } m = { .type = 1 };
	assert_true(shm >= 0 && msg >= 0);
	assert_int_equal(msgsnd(msg, &m, sizeof(m.text), 0), 0);
	pid_t holder = spawn_holder(fill_pipe, NULL);

	start_serve(port, (const char *[]){ "--top", "1000", NULL });
	struct run_result r, s;
	http(&r, "GET", port, "/metrics", NULL);
	assert_int_equal(status_of(&r), 200);
	assert_non_null(strstr(r.out, "Content-Type: text/plain; version=0.0.4"));
	const char *body = body_of(&r);
	promtool_accepts(body);

	run_ipcscope(&s, "summary", "--json", NULL);
	assert_int_equal(s.status, 0);
	cJSON *doc = cJSON_Parse(s.out);
	assert_non_null(doc);
	char series[256];
	unsigned long long ipcns = (unsigned long long)own_namespace("ipc");
	snprintf(series, sizeof(series), "ipcscope_objects{kind=\"sysv_shm\",ipcns=\"%llu\"}", ipcns);
	assert_true(sample(body, series) == 1);
	assert_true(summary_value(doc, "sysv_shm", "objects") == 1);
	snprintf(series, sizeof(series), "ipcscope_bytes{kind=\"sysv_shm\",ipcns=\"%llu\"}", ipcns);
	assert_true(sample(body, series) == 8192);
	assert_true(summary_value(doc, "sysv_shm", "bytes") == 8192);
	snprintf(series, sizeof(series), "ipcscope_bytes{kind=\"sysv_msg\",ipcns=\"%llu\"}", ipcns);
	assert_true(sample(body, series) == 300);
	assert_true(summary_value(doc, "sysv_msg", "bytes") == 300);
	cJSON_Delete(doc);

	/* The pipe: its bytes, its holder, and its command as list --json gives it, escaped. */
	char pid_text[16], label[256], *to = label;
	snprintf(pid_text, sizeof(pid_text), "%d", holder);
	run_result_free(&s);
	run_ipcscope(&s, "list", "--json", "pipe", "--pid", pid_text, NULL);
	doc = cJSON_Parse(s.out);
	assert_non_null(doc);
	cJSON *o, *h, *holder_entry = NULL;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *queued = cJSON_GetObjectItem(o, "queued");
		if (!cJSON_IsNumber(queued) || queued->valuedouble != QUEUED)
			continue;
		cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
		{
			if (json_number(h, "pid") == holder)
				holder_entry = h;
		}
	}
	assert_non_null(holder_entry);
	h = holder_entry;
	const char *command = cJSON_GetObjectItem(h, "command")->valuestring;
	assert_non_null(strchr(command, '"'));
	to += sprintf(to, ",pid=\"%d\",command=\"", holder);
	for (const char *c = command; *c; c++)
		to += *c == '\n' ? sprintf(to, "\\n") : *c == '"' || *c == '\\' ? sprintf(to, "\\%c", *c)
										 : sprintf(to, "%c", *c);
	sprintf(to, "\"} %d\n", QUEUED);
	cJSON_Delete(doc);
	bool found = false;
	for (const char *line = strstr(body, ",pid=\""); line; line = strstr(line + 1, ",pid=\""))
		found |= strncmp(line, label, strlen(label)) == 0;
	if (!found)
		fail_msg("no queued bytes series ending %s in:\n%s", label, body);
	assert_true(sample(body, "ipcscope_lock_deadlocks") == 0);
	assert_true(sample(body, "ipcscope_refresh_ok") == 1);
	assert_true(sample(body, "ipcscope_last_refresh_timestamp_seconds") > 0);
	assert_non_null(strstr(body, "ipcscope_stale_objects{kind=\"sysv_shm\""));
	run_result_free(&r);
	run_result_free(&s);

	/* OpenMetrics, when asked for, ends with # EOF. */
	http(&r, "GET", port, "/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
	assert_int_equal(status_of(&r), 200);
	assert_non_null(strstr(r.out, "Content-Type: application/openmetrics-text; version=1.0.0"));
	body = body_of(&r);
	assert_true(strlen(body) > 6 && strcmp(body + strlen(body) - 6, "# EOF\n") == 0);
	run_result_free(&r);

	stop_serve();
	stop_holder(holder);
	shmctl(shm, IPC_RMID, NULL);
	msgctl(msg, IPC_RMID, NULL);
}

static void test_pages_and_methods(void **state)
{
	(void)state;
	unsigned port = free_port();
	struct run_result r;

	start_serve(port, NULL);
	http(&r, "GET", port, "/", NULL);
	assert_int_equal(status_of(&r), 200);
	assert_non_null(strstr(r.out, "href=\"/metrics\""));
	run_result_free(&r);
	http(&r, "GET", port, "/nothing", NULL);
	assert_int_equal(status_of(&r), 404);
	run_result_free(&r);
	http(&r, "POST", port, "/metrics", NULL);
	assert_int_equal(status_of(&r), 405);
	assert_non_null(strstr(r.out, "Allow: GET, HEAD"));
	run_result_free(&r);
	http(&r, "HEAD", port, "/metrics", NULL);
	assert_int_equal(status_of(&r), 200);
	assert_string_equal(body_of(&r), "");
	run_result_free(&r);
	stop_serve();
}

/* Send a request and read the answer's status, 0 when the connection was closed without one. */
static int raw_status(unsigned port, const char *request, size_t len)
{
	int fd = connect_port(port), status = 0;
	char buf[256];
	ssize_t n;

	assert_true(fd >= 0);
	/* The server may close before it has read all of an oversized request. */
	for (size_t done = 0; done < len; done += (size_t)n) {
		n = send(fd, request + done, len - done, MSG_NOSIGNAL);
		if (n <= 0)
			break;
	}
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n > 0) {
		buf[n] = '\0';
		sscanf(buf, "HTTP/1.%*d %d", &status);
	}
	close(fd);
	return status;
}

static void expect_metrics(unsigned port)
{
	struct run_result r;

	http(&r, "GET", port, "/metrics", NULL);
	assert_int_equal(status_of(&r), 200);
	assert_non_null(strstr(body_of(&r), "ipcscope_objects{"));
	run_result_free(&r);
}

static void test_bad_clients(void **state)
{
	(void)state;
	unsigned port = free_port();
	size_t long_len = 200000;
	char *request = malloc(long_len + 64);
	int conns[100], slow;

	start_serve(port, NULL);
	/* A path far longer than the request memory allows. */
	strcpy(request, "GET /");
	memset(request + 5, 'a', long_len);
	strcpy(request + 5 + long_len, " HTTP/1.1\r\nHost: x\r\n\r\n");
	int status = raw_status(port, request, strlen(request));
	assert_true(status == 0 || (status >= 400 && status < 500));
	free(request);
	const char bad[] = "BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
	assert_int_equal(raw_status(port, bad, strlen(bad)), 405);
	const char junk[] = "\x01\x02 nonsense\r\n\r\n";
	status = raw_status(port, junk, strlen(junk));
	assert_true(status == 0 || (status >= 400 && status < 500));
	expect_metrics(port);

	/* Half a request, and a hundred connections at once that send nothing. */
	slow = connect_port(port);
	assert_true(slow >= 0);
	assert_int_equal(send(slow, "GET /metr", 9, 0), 9);
	for (int i = 0; i < 100; i++)
		conns[i] = connect_port(port);
	for (int i = 0; i < 100; i++)
		if (conns[i] >= 0)
			close(conns[i]);
	expect_metrics(port);

	/* The idle half request is closed, without an answer or with an error. */
	struct pollfd p = { .fd = slow, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 30000), 1);
	char buf[64];
	ssize_t n = recv(slow, buf, sizeof(buf) - 1, 0);
	assert_true(n <= 0 || strncmp(buf, "HTTP/1.1 4", 10) == 0);
	close(slow);
	expect_metrics(port);
	stop_serve();
}

static double scraped(unsigned port, const char *series)
{
	struct run_result r;

	http(&r, "GET", port, "/metrics", NULL);
	double v = sample(body_of(&r), series);
	run_result_free(&r);
	return v;
}

static double shm_objects(unsigned port)
{
	char series[128];

	snprintf(series, sizeof(series), "ipcscope_objects{kind=\"sysv_shm\",ipcns=\"%llu\"}",
		 (unsigned long long)own_namespace("ipc"));
	return scraped(port, series);
}

/* An hour's interval: only SIGHUP can show the new segment. */
static void test_sighup_refreshes(void **state)
{
	(void)state;
	need_private_namespaces();
	unsigned port = free_port();

	start_serve(port, (const char *[]){ "--interval", "3600", NULL });
	double before = shm_objects(port);
	assert_true(before >= 0);
	int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	assert_true(shm >= 0);
	assert_true(shm_objects(port) == before);
	assert_int_equal(kill(serve_pid, SIGHUP), 0);
	double after = before;
	for (int i = 0; i < 200 && after == before; i++) {
		usleep(50000);
		after = shm_objects(port);
	}
	shmctl(shm, IPC_RMID, NULL);
	assert_true(after == before + 1);
	stop_serve();
}

/* Locks one file, tells the parent, waits for the go, then blocks on the other for good. */
static pid_t cross_locker(const char *first, const char *second, int ready, int go)
{
	pid_t pid = fork_holder();
	if (pid == 0) {
		int a = open(first, O_RDWR), b = open(second, O_RDWR);
		char c;
		if (a < 0 || b < 0 || flock(a, LOCK_EX) != 0 || write(ready, "x", 1) != 1 ||
		    read(go, &c, 1) != 1)
			_exit(1);
		flock(b, LOCK_EX);
		_exit(0);
	}
	return pid;
}

/* Two processes each waiting for the other's flock: a deadlock and two waiters more
 * (/proc/locks is the machine's: others' locks may be there too). */
static void test_deadlock(void **state)
{
	(void)state;
	unsigned port = free_port();
	char dir[] = "/tmp/ipcscope-serve-XXXXXX", x[64], y[64], c;
	int ready[2], go[2];

	assert_non_null(mkdtemp(dir));
	snprintf(x, sizeof(x), "%s/x", dir);
	snprintf(y, sizeof(y), "%s/y", dir);
	close(open(x, O_RDWR | O_CREAT | O_CLOEXEC, 0600));
	close(open(y, O_RDWR | O_CREAT | O_CLOEXEC, 0600));
	start_serve(port, (const char *[]){ "--interval", "3600", NULL });
	double deadlocks = scraped(port, "ipcscope_lock_deadlocks");
	double waiters = scraped(port, "ipcscope_lock_waiters");
	assert_true(deadlocks >= 0 && waiters >= 0);

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid_t one = cross_locker(x, y, ready[1], go[0]);
	pid_t two = cross_locker(y, x, ready[1], go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(write(go[1], "xx", 2), 2);
	bool seen = false;
	for (int i = 0; i < 100 && !seen; i++) {
		usleep(100000);
		kill(serve_pid, SIGHUP);
		usleep(100000);
		seen = scraped(port, "ipcscope_lock_deadlocks") >= deadlocks + 1 &&
		       scraped(port, "ipcscope_lock_waiters") >= waiters + 2;
	}
	stop_holder(one);
	stop_holder(two);
	unlink(x);
	unlink(y);
	rmdir(dir);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	assert_true(seen);
	stop_serve();
}

static void test_bad_options(void **state)
{
	(void)state;
	unsigned port = free_port();
	char listen[32];
	struct run_result r;

	expect_usage_error("invalid --listen", "serve", "--listen", "9877", NULL);
	expect_usage_error("invalid --listen", "serve", "--listen", "127.0.0.1:70000", NULL);
	expect_usage_error("invalid --listen", "serve", "--listen", "no.such.host.invalid:9877", NULL);
	expect_usage_error("invalid --interval", "serve", "--interval", "0", NULL);
	expect_usage_error("invalid --top", "serve", "--top", "x", NULL);
	expect_usage_error("no such user", "serve", "--user", "no-such-user-here", NULL);

	start_serve(port, NULL);
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", port);
	run_ipcscope(&r, "serve", "--listen", listen, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "in use"));
	run_result_free(&r);
	stop_serve();
}

/* Root told to be nobody: it is, and still answers. */
static void test_user(void **state)
{
	(void)state;
	need_root("to drop to another user");
	unsigned port = free_port();
	char path[64], text[4096];

	start_serve(port, (const char *[]){ "--user", "nobody", NULL });
	expect_metrics(port);
	snprintf(path, sizeof(path), "/proc/%d/status", serve_pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "Uid:\t65534\t65534\t65534\t65534"));
	assert_non_null(strstr(text, "CapEff:\t0000000000000000"));
	/* No supplementary group: the kernel writes the list with a blank after each. */
	assert_non_null(strstr(text, "Groups:\t \n"));
	stop_serve();
}

static void test_alert_rules(void **state)
{
	(void)state;
	char *argv[] = { "promtool", "check", "rules", SOURCE_DIR "/contrib/ipcscope-alerts.yml", NULL };
	struct run_result r;

	run_command(argv, &r);
	if (r.status != 0)
		fail_msg("promtool check rules failed:\n%s%s", r.out, r.err);
	run_result_free(&r);
}

/* A real Prometheus scrapes serve every second; its query API must show a series of ours. */
static void test_prometheus_scrapes(void **state)
{
	(void)state;
	unsigned port = free_port(), prom_port = free_port();
	char config[128], storage[128], web[64], query[256];
	struct run_result r;

	start_serve(port, NULL);
	strcpy(prometheus_dir, "/tmp/ipcscope-prometheus-XXXXXX");
	assert_non_null(mkdtemp(prometheus_dir));
	snprintf(config, sizeof(config), "%s/prometheus.yml", prometheus_dir);
	snprintf(storage, sizeof(storage), "%s/data", prometheus_dir);
	snprintf(web, sizeof(web), "127.0.0.1:%u", prom_port);
	FILE *f = fopen(config, "w");
	assert_non_null(f);
	fprintf(f, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
		   "scrape_configs:\n  - job_name: ipcscope\n    static_configs:\n"
		   "      - targets: ['127.0.0.1:%u']\n", port);
	fclose(f);
	prometheus_pid = fork_holder();
	if (prometheus_pid == 0) {
		char flag_config[160], flag_storage[160], flag_web[96];
		snprintf(flag_config, sizeof(flag_config), "--config.file=%s", config);
		snprintf(flag_storage, sizeof(flag_storage), "--storage.tsdb.path=%s", storage);
		snprintf(flag_web, sizeof(flag_web), "--web.listen-address=%s", web);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execlp("prometheus", "prometheus", flag_config, flag_storage, flag_web, (char *)NULL);
		_exit(127);
	}
	snprintf(query, sizeof(query), "http://%s/api/v1/query?query=ipcscope_refresh_ok", web);
	char *argv[] = { "curl", "-sS", "--max-time", "5", query, NULL };
	bool seen = false;
	for (int i = 0; i < 60 && !seen; i++) {
		if (i)
			sleep(1);
		run_command(argv, &r);
		seen = r.status == 0 && strstr(r.out, "\"__name__\":\"ipcscope_refresh_ok\"") &&
		       strstr(r.out, "\"job\":\"ipcscope\"");
		if (!seen && i == 59)
			fail_msg("Prometheus did not show ipcscope_refresh_ok in 60 s: %s %s", r.out, r.err);
		run_result_free(&r);
		int status;
		if (waitpid(prometheus_pid, &status, WNOHANG) == prometheus_pid) {
			prometheus_pid = -1;
			fail_msg("prometheus ended early: status %d", status);
		}
	}
	stop_serve();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_metrics_agree_with_summary, teardown),
		cmocka_unit_test_teardown(test_pages_and_methods, teardown),
		cmocka_unit_test_teardown(test_bad_clients, teardown),
		cmocka_unit_test_teardown(test_sighup_refreshes, teardown),
		cmocka_unit_test_teardown(test_deadlock, teardown),
		cmocka_unit_test_teardown(test_bad_options, teardown),
		cmocka_unit_test_teardown(test_user, teardown),
		cmocka_unit_test(test_alert_rules),
		cmocka_unit_test_teardown(test_prometheus_scrapes, teardown),
	};

	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), bring_up_loopback, NULL);
}
