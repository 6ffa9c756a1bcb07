// libedit (Debian: libedit-dev), the BSD line editor, for `ssh-for-agents chat`'s prompt.
// el_set and history are variadic, which Swift cannot call, so each use has a fixed-argument
// wrapper here; nothing else of libedit is wrapped.
#include <stdio.h>
#include <histedit.h>

/// What the Swift side shares with the callbacks below, through EL_CLIENTDATA.
struct sfa_editline_state {
    const char *prompt;
    int interrupted;
};

static inline struct sfa_editline_state *sfa_state(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return (struct sfa_editline_state *)data;
}

static inline char *sfa_prompt(EditLine *el) {
    struct sfa_editline_state *state = sfa_state(el);
    return (char *)(state && state->prompt ? state->prompt : "");
}

/// Ctrl-C at the prompt, as in a shell: show ^C at the end of the line, end the line, and flag it
/// so the caller discards it. The terminal's own SIGINT is off while editing (see
/// sfa_el_configure), so the key arrives here instead of killing anything.
static inline unsigned char sfa_interrupt(EditLine *el, int ch) {
    (void)ch;
    struct sfa_editline_state *state = sfa_state(el);
    if (state) state->interrupted = 1;
    const LineInfo *line = el_line(el);
    el_cursor(el, (int)(line->lastchar - line->cursor));
    el_insertstr(el, "^C");
    // The newline goes through the editor's own ed-newline, which moves below a wrapped line.
    el_push(el, "\n");
    return CC_REFRESH;
}

/// Reads stdin; the prompt and the line being edited are drawn on stderr, as chat keeps stdout
/// for its JSON transcript.
static inline EditLine *sfa_el_new(const char *program) {
    return el_init(program, stdin, stderr, stderr);
}

/// emacs keys, the user's ~/.editrc, history on the arrows, Ctrl-C bound to sfa_interrupt.
/// EL_SIGNAL: the terminal is restored if a signal ends the process mid-line, and a resized
/// window is redrawn.
static inline void sfa_el_configure(EditLine *el, History *lines, struct sfa_editline_state *state) {
    el_set(el, EL_CLIENTDATA, (void *)state);
    el_set(el, EL_PROMPT, sfa_prompt);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_HIST, history, lines);
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    el_set(el, EL_ADDFN, "sfa-interrupt", "Discard the line (Ctrl-C)", sfa_interrupt);
    el_source(el, NULL);
    // After ~/.editrc, so Ctrl-C keeps its meaning.
    el_set(el, EL_BIND, "^C", "sfa-interrupt", NULL);
}

/// Editing mode on the terminal now, before the prompt is drawn: libedit would switch only at the
/// first key it reads, and a Ctrl-C typed in between would reach the kernel as SIGINT.
static inline void sfa_el_prepare_terminal(EditLine *el) {
    el_set(el, EL_PREP_TERM, 1);
}

static inline History *sfa_history_new(int size) {
    History *lines = history_init();
    HistEvent event;
    if (lines) {
        history(lines, &event, H_SETSIZE, size);
        history(lines, &event, H_SETUNIQUE, 1);
    }
    return lines;
}

static inline void sfa_history_enter(History *lines, const char *line) {
    HistEvent event;
    history(lines, &event, H_ENTER, line);
}
