/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "clean_report.h"

const char *clean_action_name(enum clean_action a)
{
	switch (a) {
	case CLEAN_REMOVED:
		return "removed";
	case CLEAN_WOULD_REMOVE:
		return "would_remove";
	case CLEAN_SKIPPED:
		return "skipped";
	case CLEAN_FAILED:
		return "failed";
	}
	return "?";
}
