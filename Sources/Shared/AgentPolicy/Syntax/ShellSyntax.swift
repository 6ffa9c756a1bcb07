/// The syntax tree the parser produces: scripts of pipelines of commands, with every nested script
/// (command and process substitutions, heredocs fed to shells) kept so it is checked too.

/// One shell word after quote removal. Expansions stay in `text` as written (`$HOME`, `${X}`), so
/// rules can recognise them; `isStatic` says whether the value is known before run time.
struct Word: Sendable {
    var text: String = ""
    /// No parameter, command, arithmetic or process expansion and no unquoted glob.
    var isStatic = true
    /// The word's value begins with an expansion (`$X`, `$(…)`, `` `…` ``): a program name like this is
    /// computed at run time.
    var startsWithExpansion = false
    var hasCommandSubstitution = false
    var hasUnquotedGlob = false
    /// A `{` outside quotes: only such a word can undergo brace expansion.
    var hasUnquotedBrace = false
    /// The whole word is a process substitution `<(…)` or `>(…)`.
    var isProcessSubstitution = false
    /// Scripts nested in this word ($(…), backticks, <(…), >(…)).
    var substitutions: [Script] = []
}

enum RedirectOperator: Sendable, Equatable {
    case input // <
    case output // >  >|
    case append // >>
    case readWrite // <>
    case duplicateInput // <&
    case duplicateOutput // >&
    case outputAll // &>  &>>
    case heredoc // << <<-
    case hereString // <<<
}

struct Redirect: Sendable {
    var fileDescriptor: Int?
    var op: RedirectOperator
    var target: Word
    /// For heredocs: the body, and whether the delimiter was quoted (no expansion inside).
    var heredocBody: String?
    var heredocQuoted = false

    /// Writes to a file (not a descriptor duplication, not input).
    var writesFile: Bool {
        switch op {
        case .output, .append, .outputAll, .readWrite: return true
        case .duplicateOutput: return !target.text.allSatisfy { $0.isNumber || $0 == "-" }
        default: return false
        }
    }

    /// Feeds standard input with literal text (heredoc or here-string).
    var inlineInput: String? {
        switch op {
        case .heredoc: return heredocBody
        case .hereString: return target.text
        default: return nil
        }
    }
}

struct SimpleCommand: Sendable {
    var assignments: [(name: String, value: Word)] = []
    var words: [Word] = []
    var redirects: [Redirect] = []
}

indirect enum Command: Sendable {
    case simple(SimpleCommand)
    /// Subshells, groups, if/for/while/until/case bodies, arithmetic commands: the scripts inside
    /// and the redirects applied to the whole construct.
    case compound([Script], redirects: [Redirect])
    case functionDefinition(name: String, body: Command)
}

struct Pipeline: Sendable {
    var commands: [Command] = []
    var background = false
}

struct Script: Sendable {
    var pipelines: [Pipeline] = []
}

/// Why the parser gave up; any of these makes the command `block` (fail closed).
struct ParseFailure: Error, Sendable {
    let message: String
}
