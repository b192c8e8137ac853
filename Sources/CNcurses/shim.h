#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
// Must come before any curses include so the wide-char API is declared.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

// Function-like and computed macros are not imported by Swift; wrap them.
static inline int cn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
// Globals: reading C mutable globals from Swift 6 is a strict-concurrency error.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_attr_on(WINDOW *w, int a) { return wattr_on(w, (attr_t)a, NULL); }
static inline int cn_attr_off(WINDOW *w, int a) { return wattr_off(w, (attr_t)a, NULL); }
#endif
