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
#include <unistd.h>

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
// the UI loop polls; fatal signals restore the terminal, then hand the signal to the handler
// that was there before (the Swift runtime's backtracer, or the default action).
// The state is static, so call these from one Swift file only.
static volatile sig_atomic_t cn_pending_signal = 0;
static struct sigaction cn_previous_actions[NSIG] = { 0 }; // initialised: a tentative definition was left undefined at link time
static const int cn_quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int cn_fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
// The stderr hold (CarportTerminal's StderrHold): while set, a fatal signal points the target back
// at the saved descriptor and replays the spool's last `limit` bytes, so the crash report and what
// came before it reach the real stderr.
static volatile sig_atomic_t cn_held_target = -1, cn_held_saved = -1, cn_held_spool = -1, cn_held_limit = 0;
static inline void cn_set_held_stderr(int target, int saved, int spool, int limit) {
    cn_held_saved = -1; // disarmed while the others change
    cn_held_target = target;
    cn_held_spool = spool;
    cn_held_limit = limit;
    cn_held_saved = saved;
}
static void cn_release_held_stderr(void) {
    int saved = cn_held_saved, target = cn_held_target, spool = cn_held_spool;
    if (saved < 0) return;
    cn_held_saved = -1;
    dup2(saved, target);
    off_t end = lseek(spool, 0, SEEK_END);
    if (end <= 0) return;
    lseek(spool, end > cn_held_limit ? end - cn_held_limit : 0, SEEK_SET);
    char chunk[4096];
    ssize_t count;
    while ((count = read(spool, chunk, sizeof chunk)) > 0) {
        for (ssize_t offset = 0, written; offset < count; offset += written) {
            written = write(target, chunk + offset, (size_t)(count - offset));
            if (written <= 0) return;
        }
    }
}
static void cn_on_quit_signal(int sig) { cn_pending_signal = sig; }
static void cn_on_fatal_signal(int sig) {
    endwin();
    cn_release_held_stderr();
    sigaction(sig, &cn_previous_actions[sig], NULL);
    raise(sig);
}
static inline void cn_trap(const int *signals, unsigned count, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < count; i++) sigaction(signals[i], &action, &cn_previous_actions[signals[i]]);
}
static inline void cn_trap_signals(void) {
    cn_trap(cn_quit_signals, sizeof cn_quit_signals / sizeof cn_quit_signals[0], cn_on_quit_signal);
    cn_trap(cn_fatal_signals, sizeof cn_fatal_signals / sizeof cn_fatal_signals[0], cn_on_fatal_signal);
}
static inline void cn_untrap_signals(void) {
    cn_held_saved = -1;
    for (unsigned i = 0; i < sizeof cn_quit_signals / sizeof cn_quit_signals[0]; i++)
        sigaction(cn_quit_signals[i], &cn_previous_actions[cn_quit_signals[i]], NULL);
    for (unsigned i = 0; i < sizeof cn_fatal_signals / sizeof cn_fatal_signals[0]; i++)
        sigaction(cn_fatal_signals[i], &cn_previous_actions[cn_fatal_signals[i]], NULL);
}
static inline int cn_take_signal(void) {
    int sig = cn_pending_signal;
    cn_pending_signal = 0;
    return sig;
}
#endif
