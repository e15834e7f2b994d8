/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mq_status_parse on what reading a queue's file gives, as the kernel prints it and damaged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "mq_status.h"

#include <stdint.h>

static void kernel_text(void **state)
{
	(void)state;
	struct mq_status st;

	/* As read from /dev/mqueue/NAME on this kernel, padding and newline included. */
	assert_int_equal(mq_status_parse("QSIZE:12         NOTIFY:1     SIGNO:0     NOTIFY_PID:4242 \n",
					 &st), 0);
	assert_int_equal(st.qsize, 12);
	assert_int_equal(st.notify_pid, 4242);
	assert_int_equal(mq_status_parse("QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n",
					 &st), 0);
	assert_int_equal(st.qsize, 0);
	assert_int_equal(st.notify_pid, 0);
	/* Large queues: the full 64-bit range. */
	assert_int_equal(mq_status_parse("QSIZE:18446744073709551615 NOTIFY_PID:1", &st), 0);
	assert_true(st.qsize == UINT64_MAX);
}

/* NOTIFY_PID is not QSIZE's field, and NOTIFY is not NOTIFY_PID's. */
static void fields_are_whole_words(void **state)
{
	(void)state;
	struct mq_status st;

	assert_int_equal(mq_status_parse("NOTIFY:7 QSIZE:5 NOTIFY_PID:9", &st), 0);
	assert_int_equal(st.qsize, 5);
	assert_int_equal(st.notify_pid, 9);
	assert_int_equal(mq_status_parse("XQSIZE:5 QSIZE:6 NOTIFY_PID:0", &st), 0);
	assert_int_equal(st.qsize, 6);
}

static void damaged_text(void **state)
{
	(void)state;
	struct mq_status st = { .qsize = 77, .notify_pid = 77 };

	assert_int_equal(mq_status_parse("", &st), -1);
	assert_int_equal(mq_status_parse("QSIZE:12", &st), -1);           /* no NOTIFY_PID */
	assert_int_equal(mq_status_parse("NOTIFY_PID:3", &st), -1);       /* no QSIZE */
	assert_int_equal(mq_status_parse("QSIZE: NOTIFY_PID:3", &st), -1);
	assert_int_equal(mq_status_parse("QSIZE:-1 NOTIFY_PID:3", &st), -1);
	assert_int_equal(mq_status_parse("QSIZE:12x NOTIFY_PID:3", &st), -1);
	assert_int_equal(mq_status_parse("QSIZE:18446744073709551616 NOTIFY_PID:3", &st), -1);
	assert_int_equal(mq_status_parse("QSIZE:1 NOTIFY_PID:2147483648", &st), -1);
	/* A failed parse leaves the caller's values alone. */
	assert_int_equal(st.qsize, 77);
	assert_int_equal(st.notify_pid, 77);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kernel_text),
		cmocka_unit_test(fields_are_whole_words),
		cmocka_unit_test(damaged_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
