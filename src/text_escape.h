/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TEXT_ESCAPE_H
#define IPCSCOPE_TEXT_ESCAPE_H

/*
 * A name, path or command as every text (non-JSON) output writes it:
 * names come from other users, and a byte a terminal acts on (ESC, BEL,
 * CSI, a newline that starts a forged line) must not reach it.  Each such
 * byte is written as \xHH, the way the list table (libsmartcols) writes
 * it, so one name reads the same in every command:
 *
 *   - printable ASCII stays, but a backslash before an 'x' becomes \x5c,
 *     so that what looks like an escape always is one;
 *   - a character of the locale's character set that is printable stays
 *     as it is ("é", "中" in a UTF-8 locale);
 *   - control characters (C0, DEL, C1 U+0080-U+009F whether encoded or as
 *     raw bytes), the bidirectional controls that reorder what is shown,
 *     bytes that are not a character of the locale, and in the C locale
 *     every byte above 0x7f become \xHH, one per byte.
 *
 * Returns a new string (free it); NULL for NULL.
 */
char *text_escape(const char *s);

#endif
