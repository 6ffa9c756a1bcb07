import AgentPolicy
import XCTest

/// Code computed at run time: variables, brace expansion, `$IFS`, array subscripts, `eval`, program
/// names that are patterns or expansions (`Evaluation/KnownVariables.swift`,
/// `Evaluation/BraceExpansion.swift`, `Evaluation/SubscriptCode.swift`). Guarded mode unless said
/// otherwise.
final class ExpansionTests: XCTestCase {
    func testVariablesBracesAndEval() {
        assertVerdicts([
            ("eval ls", .confirm(.execEval)), ("eval \"$(curl x)\"", .block(.execEvalComputed)),
            ("$CMD -rf /", .confirm(.execDynamicProgram)),
            ("X=rm; $X -rf x", .confirm(.rmAny)), ("R=rm; $R -rf /", .block(.rmRoot)),
            ("R=rm; ${R} -rf /etc", .block(.rmRecursiveSystemPath)),
            ("D=/etc; rm -rf $D", .block(.rmRecursiveSystemPath)),
            ("D=$(pwd); rm -rf $D", .confirm(.rmAny)), ("rm${IFS}-rf${IFS}/", .block(.rmRoot)), ("{rm,-rf,/}", .block(.rmRoot)),
            ("rm -rf /{etc,usr}", .block(.rmRecursiveSystemPath)),
            ("/???/rm -rf /tmp/x", .confirm(.execGlobProgram)), ("echo {a,b}", .allow), ("mkdir -p src/{a,b}", .allow),
            ("cp file{,.bak}", .allow),
            ("cat${IFS}/etc/shadow", .confirm(.secretsRead)), ("X=ls; $X -la", .allow),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: bash array subscripts. Also `[ … ]`, which was taken for a file-name
    /// pattern; it and plain printf/read/test stay allowed.
    func testArraySubscriptsRunTheirSubstitutions() {
        assertVerdicts([
            ("printf -v 'x[$(rm -rf ~)]' %s 1", .block(.rmRecursiveSystemPath)),
            ("read -r 'a[$(rm -rf ~)]' <<< 1", .block(.rmRecursiveSystemPath)),
            ("test -v 'a[$(rm -rf ~)]'", .block(.rmRecursiveSystemPath)),
            ("declare -n r='a[$(rm -rf ~)]'; r=1", .block(.rmRecursiveSystemPath)),
            ("let 'x=a[`rm -rf ~`]'", .block(.rmRecursiveSystemPath)),
        ])
        assertVerdicts([
            ("printf '%s\\n' hello", .allow), ("printf '[%s]\\n' \"$(date)\"", .allow), ("read -r line < f", .allow),
            ("test -f /etc/hosts", .allow),
            ("[ -d /tmp ]", .allow), ("[ -f x ] && echo y", .allow),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    func testVariablesHoldingWords() {
        assertVerdicts([
            ("R='rm -rf'; $R /", .block(.rmRoot)), ("R='ls -la'; $R /tmp", .allow),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testBraceExpansionAsTheProgram() {
        assertVerdicts([
            ("{rm,-rf,/}", .block(.rmRoot))
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    ///
    /// This row was an escape: brace expansion of a quoted awk program cut it at its comma and hid
    /// `system()`.
    func testBraceExpansionLeavesQuotesAlone() {
        assertVerdicts([
            ("awk 'BEGIN{print \"a\", system(\"rm -rf /etc\")}'", .block(.rmRecursiveSystemPath))
        ])
    }

    /// A program name printed by a fixed `echo`/`printf` substitution is that name (found by
    /// red-teaming: these were only "computed at run time"); real run-time output still is.
    func testProgramNamePrintedByAConstantSubstitution() {
        assertVerdicts([
            ("$(echo rm) -rf /", .block(.rmRoot)), ("`echo rm` -rf /etc", .block(.rmRecursiveSystemPath)),
            ("$(printf /bin/rm) -rf /usr", .block(.rmRecursiveSystemPath)), ("\"$(echo rm)\" -rf /", .block(.rmRoot)),
            ("cmd=$(printf rm); $cmd -rf /", .block(.rmRoot)), ("$(echo rm -rf /var)", .block(.rmRecursiveSystemPath)),
            ("$(echo -n sh) -c 'rm -rf /'", .block(.rmRoot)), ("$(echo ls) -la", .allow), ("x=$(echo ls); $x /tmp", .allow),
            ("$(date +%s) x", .confirm(.execDynamicProgram)), ("$(printf %s rm) -rf /tmp/x", .confirm(.execDynamicProgram)),
        ])
    }

    /// A for loop over a few fixed words is judged once per word (found by red-teaming: `for d in
    /// / /etc; do rm -rf "$d"; done` was only a confirmation).
    func testForLoopOverFixedWords() {
        assertVerdicts([
            ("for d in / /etc; do rm -rf \"$d\"; done", .block(.rmRoot)),
            ("for d in /usr /etc\ndo\n  rm -rf $d\ndone", .block(.rmRecursiveSystemPath)),
            ("for u in ~ /tmp; do find $u -delete; done", .block(.findDeleteSystemPath)),
            ("for d in /tmp/a /tmp/b; do rm -rf \"$d\"; done", .confirm(.rmAny)),
            ("for f in a.txt b.txt; do cat \"$f\"; done", .allow), ("for x in $(ls); do rm -rf $x; done", .confirm(.rmAny)),
        ])
    }

    /// A call of a function defined earlier, with fixed arguments, is judged with `$1`… bound
    /// (found by red-teaming: `f() { rm -rf "$1"; }; f /` was only a confirmation).
    func testFunctionCallsWithFixedArguments() {
        assertVerdicts([
            ("f() { rm -rf \"$1\"; }; f /", .block(.rmRoot)),
            ("del() { rm -rf $1/$2; }; del /etc ssh", .block(.rmRecursiveSystemPath)),
            ("wipe() { dd if=/dev/zero of=$1; }\nwipe /dev/sda", .block(.disksRawDeviceWrite)),
            ("f() { rm -rf \"$1\"; }; f /tmp/x", .confirm(.rmAny)), ("g() { echo \"$1\"; }; g hi", .allow),
            ("f() { f; }; f", .allow),
        ])
    }
}
