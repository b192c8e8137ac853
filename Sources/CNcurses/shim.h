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
#include <signal.h>
#include <stdio.h>
#include <string.h>

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
static inline int cn_attr_set(WINDOW *w, int a, short pair) { return wattr_set(w, (attr_t)a, pair, NULL); }
// newterm instead of initscr: an unknown TERM returns NULL instead of exiting the process.
static inline SCREEN *cn_newterm(void) { return newterm(NULL, stdout, stdin); }

// Signals. Only async-signal-safe work happens in the handlers: quit signals set a flag that
// the UI loop polls; fatal signals restore the terminal, then die with the default action.
// The flag is static, so call cn_trap_signals and cn_take_signal from one Swift file only.
static volatile sig_atomic_t cn_pending_signal = 0;
static void cn_on_quit_signal(int sig) { cn_pending_signal = sig; }
static void cn_on_fatal_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void cn_trap_signals(void) {
    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = cn_on_quit_signal;
    sigemptyset(&quit.sa_mask);
    sigaction(SIGINT, &quit, NULL);
    sigaction(SIGTERM, &quit, NULL);
    sigaction(SIGHUP, &quit, NULL);
    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    fatal.sa_handler = cn_on_fatal_signal;
    fatal.sa_flags = SA_RESETHAND;
    sigemptyset(&fatal.sa_mask);
    int fatals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof fatals / sizeof fatals[0]; i++) sigaction(fatals[i], &fatal, NULL);
}
static inline void cn_untrap_signals(void) {
    int all[] = { SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) signal(all[i], SIG_DFL);
}
static inline int cn_take_signal(void) {
    int sig = cn_pending_signal;
    cn_pending_signal = 0;
    return sig;
}
#endif
